using System.Diagnostics;

namespace Sandcastle.Sandbox.Tests.Cgroups;

/// <summary>
/// An execution's cgroup is asked for its processes after every run (the pids controller's count first, the pid list
/// only past zero): what the clean-up waits for before it removes the cgroup, and what keeps stragglers from being missed.
/// </summary>
public sealed class CgroupEmptinessTests(SandboxEngineFixture fixture) : IClassFixture<SandboxEngineFixture>
{
    [Fact]
    public async Task ACgroup_IsEmpty_OnlyOnceItsLastProcessHasGone()
    {
        using var cgroup = fixture.Engine.Cgroups.Create($"emptiness-{Guid.NewGuid():N}", SandboxLimits.Default);
        Assert.Empty(cgroup.ReadPids());

        using var sleeper = Process.Start(new ProcessStartInfo("/bin/sleep", "30"))!;
        foreach (var procs in cgroup.ProcsFiles)
            await File.WriteAllTextAsync(procs, sleeper.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), TestContext.Current.CancellationToken);
        Assert.Equal([sleeper.Id], cgroup.ReadPids());

        sleeper.Kill();
        await sleeper.WaitForExitAsync(TestContext.Current.CancellationToken);
        var deadline = Stopwatch.StartNew();
        while (cgroup.ReadPids().Count > 0 && deadline.Elapsed < TimeSpan.FromSeconds(5))
            await Task.Delay(10, TestContext.Current.CancellationToken);
        Assert.Empty(cgroup.ReadPids());
    }
}
