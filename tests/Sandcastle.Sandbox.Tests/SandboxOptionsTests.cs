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

public sealed class ConfigurationDurationTests
{
    [Theory]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    [InlineData("45", 45)]
    [InlineData("00:01:30", 90)]
    public void TimeSpanSettings_TakeUnits_PlainSeconds_AndClockTime(string text, double seconds)
    {
        ConfigurationDurations.Register();

        var options = Bind(new() { ["Sandbox:DefaultLimits:Timeout"] = text, ["Sandbox:DiskQuotaPollInterval"] = text });

        Assert.Equal(TimeSpan.FromSeconds(seconds), options.DefaultLimits.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(seconds), options.DiskQuotaPollInterval);
    }

    [Fact]
    public void AnInvalidDuration_NamesTheSetting_AndTheAcceptedForms()
    {
        ConfigurationDurations.Register();

        var error = Assert.Throws<InvalidOperationException>(() => Bind(new() { ["Sandbox:DefaultLimits:Timeout"] = "ten minutes" }));

        Assert.Contains("Sandbox:DefaultLimits:Timeout", error.Message);
        Assert.Contains("30s, 2m or 1h", error.InnerException?.Message);
    }

    private static SandboxOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(SandboxOptions.SectionName).Get<SandboxOptions>()!;
}
