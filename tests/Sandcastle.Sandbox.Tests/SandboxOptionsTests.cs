using Microsoft.Extensions.Configuration;

namespace Sandcastle.Sandbox.Tests;

public sealed class SandboxOptionsTests
{
    [Fact]
    public void BindingDefaultLimits_LeavesTheSharedDefaultsAlone()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sandbox:DefaultLimits:TmpBytes"] = "7654321",
            ["Sandbox:DefaultLimits:MemoryBytes"] = "1234567",
        }).Build();

        var options = configuration.GetSection(SandboxOptions.SectionName).Get<SandboxOptions>()!;

        Assert.Equal(7654321, options.DefaultLimits.TmpBytes);
        Assert.Equal(1234567, options.DefaultLimits.MemoryBytes);
        Assert.Equal(64L * 1024 * 1024, SandboxLimits.Default.TmpBytes);
        Assert.Equal(512L * 1024 * 1024, SandboxLimits.Default.MemoryBytes);
        Assert.Equal(64L * 1024 * 1024, new SandboxOptions().DefaultLimits.TmpBytes);
    }
}
