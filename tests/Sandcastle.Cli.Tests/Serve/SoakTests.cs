using System.Diagnostics;
using Sandcastle.Cli.Tests.Infrastructure;

namespace Sandcastle.Cli.Tests.Serve;

/// <summary>
/// The soak (bench/Sandcastle.Soak), small: two real servers, a few hundred mixed operations with attacks among them,
/// then no unexplained death, the same fork servers, and no process, cgroup or mount left once the servers stop.
/// </summary>
public sealed class SoakTests
{
    [Fact]
    public async Task TwoServersUnderMixedWorkAndAttacks_LoseNothing_AndLeaveNothing()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
        var soak = Path.Combine(CliProgram.RepositoryRoot, "bench", "Sandcastle.Soak", "bin", configuration, "net10.0", "Sandcastle.Soak.dll");
        var start = new ProcessStartInfo("dotnet", [soak, "160", "6"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);
        var summary = await output + await errors;

        Assert.True(process.ExitCode == 0, summary);
        Assert.Contains("unexplained deaths      0\n", summary);
        Assert.Contains("fork servers unchanged  yes", summary);
        Assert.Contains("leaked processes        0\n", summary);
        Assert.Contains("leaked cgroups          0\n", summary);
        Assert.Contains("leaked mounts           0\n", summary);
        Assert.Contains("verdict: PASS", summary);
    }
}
