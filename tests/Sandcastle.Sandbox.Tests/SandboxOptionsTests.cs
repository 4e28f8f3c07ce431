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

    [Theory]
    [InlineData("Sandbox:Tenants:MemoryBytes", "1048576", "Sandbox:Tenants:MemoryBytes must be 0 (half the machine) or at least one execution's memory")]
    [InlineData("Sandbox:Tenants:MemoryBytes", "-1", "Sandbox:Tenants:MemoryBytes must be")]
    [InlineData("Sandbox:Tenants:MaxProcesses", "100", "Sandbox:Tenants:MaxProcesses must be from one execution's limit (128)")]
    [InlineData("Sandbox:Tenants:CpuCores", "0.001", "Sandbox:Tenants:CpuCores must be 0 (half the machine) or from 0.01")]
    public void TenantLimitsOutOfRange_AreRefused_NamingTheSetting(string setting, string value, string message)
    {
        var options = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [setting] = value })
            .Build().GetSection(SandboxOptions.SectionName).Get<SandboxOptions>()!;

        var result = new SandboxOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.StartsWith(message, result.FailureMessage);
    }

    [Fact]
    public void TenantLimits_DefaultToShares_OfThisMachine()
    {
        var options = new SandboxOptions();

        var resolved = options.Tenants.Resolve();

        Assert.True(new SandboxOptionsValidator().Validate(null, options).Succeeded);
        var memory = long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        Assert.Equal(memory / 2, resolved.MemoryBytes);
        Assert.Equal(1024, resolved.MaxProcesses);
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2.0), resolved.CpuCores);
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
