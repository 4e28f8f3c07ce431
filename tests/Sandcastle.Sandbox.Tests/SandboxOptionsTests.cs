using Microsoft.Extensions.Configuration;

namespace Sandcastle.Sandbox.Tests;

public sealed class SandboxOptionsTests
{
    [Fact]
    public void BindingDefaultLimits_LeavesTheSharedDefaultsAlone()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sandbox:DefaultLimits:AllowNetwork"] = "true",
            ["Sandbox:DefaultLimits:MemoryBytes"] = "1234567",
        }).Build();

        var options = configuration.GetSection(SandboxOptions.SectionName).Get<SandboxOptions>()!;

        Assert.True(options.DefaultLimits.AllowNetwork);
        Assert.Equal(1234567, options.DefaultLimits.MemoryBytes);
        Assert.False(SandboxLimits.Default.AllowNetwork);
        Assert.Equal(512L * 1024 * 1024, SandboxLimits.Default.MemoryBytes);
        Assert.False(new SandboxOptions().DefaultLimits.AllowNetwork);
    }
}
