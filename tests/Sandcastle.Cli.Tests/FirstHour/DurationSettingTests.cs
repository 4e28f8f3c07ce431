using Sandcastle.Cli.Tests.Infrastructure;

namespace Sandcastle.Cli.Tests.FirstHour;

/// <summary>A duration setting in configuration reads as the CLI's options do, and a bad one is named, not thrown.</summary>
public sealed class DurationSettingTests : IDisposable
{
    private readonly CliHome _home = new();

    [Fact]
    public async Task ATimeoutWithAUnit_LimitsTheRun()
    {
        _home.Environment["Sandbox__DefaultLimits__Timeout"] = "1s";

        var result = await _home.RunAsync("exec", "-l", "bash", "-c", "sleep 20");

        Assert.True(result.ExitCode == 124, result.ToString());
    }

    [Fact]
    public async Task ABadDuration_NamesTheSetting_Exits2()
    {
        _home.Environment["Sandbox__DefaultLimits__Timeout"] = "ten minutes";

        var result = await _home.RunAsync("exec", "-l", "python", "-c", "print(1)");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Sandbox:DefaultLimits:Timeout", result.Stderr);
        Assert.Contains("30s, 2m or 1h", result.Stderr);
        Assert.DoesNotContain("unexpected error", result.Stderr);
    }

    public void Dispose() => _home.Dispose();
}
