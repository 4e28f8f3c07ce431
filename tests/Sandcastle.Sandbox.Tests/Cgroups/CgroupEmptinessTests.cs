using System.Diagnostics;

namespace Sandcastle.Sandbox.Tests.Cgroups;

/// <summary>
/// An execution's cgroup is asked whether it is empty after every run (from the pids controller's count, not by listing
/// its pids): what the clean-up waits for before it removes the cgroup, and what keeps stragglers from being missed.
/// </summary>
public sealed class CgroupEmptinessTests(SandboxEngineFixture fixture) : IClassFixture<SandboxEngineFixture>
{
    [Fact]
    public async Task ACgroup_IsEmpty_OnlyOnceItsLastProcessHasGone()
    {
        using var cgroup = fixture.Engine.Cgroups.Create($"emptiness-{Guid.NewGuid():N}", SandboxLimits.Default);
        Assert.True(cgroup.IsEmpty());

        using var sleeper = Process.Start(new ProcessStartInfo("/bin/sleep", "30"))!;
        foreach (var procs in cgroup.ProcsFiles)
            await File.WriteAllTextAsync(procs, sleeper.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), TestContext.Current.CancellationToken);
        Assert.False(cgroup.IsEmpty());
        Assert.Equal([sleeper.Id], cgroup.ReadPids());
        Assert.Equal([sleeper.Id], cgroup.ReadPidsIfAny());

        sleeper.Kill();
        await sleeper.WaitForExitAsync(TestContext.Current.CancellationToken);
        var deadline = Stopwatch.StartNew();
        while (!cgroup.IsEmpty() && deadline.Elapsed < TimeSpan.FromSeconds(5))
            await Task.Delay(10, TestContext.Current.CancellationToken);
        Assert.True(cgroup.IsEmpty());
        Assert.Empty(cgroup.ReadPids());
        Assert.Empty(cgroup.ReadPidsIfAny());
    }
}
