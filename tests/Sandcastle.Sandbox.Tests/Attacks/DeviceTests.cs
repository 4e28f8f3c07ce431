namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>/dev: only the harmless devices, nothing new can be made there, and its shared-memory tmpfs is capped.</summary>
public abstract class DeviceTests(SandboxEngineFixture fixture)
{
    private SandboxEngine Engine => fixture.Engine;

    [Fact]
    public async Task OnlyHarmlessDevices_Exist()
    {
        await using var sandbox = Engine.CreateEphemeral();
        // stat, not find -type: the mount points bwrap binds the devices onto are listed as plain files.
        var run = await sandbox.Bash(
            "find /dev -mindepth 1 -not -path '/dev/pts/*' -exec stat -c '%F %n' {} + | grep -E '^(character|block)' | cut -d' ' -f4 | sort | tr '\\n' ' '");
        Assert.Equal("/dev/full /dev/null /dev/random /dev/tty /dev/urandom /dev/zero ", run.Stdout);
    }

    [Fact]
    public async Task Dev_IsReadOnly_AndDeviceNodesCannotBeMade()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Python("""
            import os, stat
            for path, mode, dev in [("/dev/evil", stat.S_IFREG | 0o644, 0),
                                    ("/workspace/mem", stat.S_IFCHR | 0o666, os.makedev(1, 1)),
                                    ("/tmp/sda", stat.S_IFBLK | 0o666, os.makedev(8, 0))]:
                try:
                    os.mknod(path, mode, dev); print(path, "made")
                except OSError as e:
                    print(path, e.strerror)
            """);
        Assert.Equal("/dev/evil Read-only file system\n/workspace/mem Operation not permitted\n/tmp/sda Operation not permitted\n", run.Stdout);
    }

    [Fact]
    public async Task DevShm_IsCappedLikeTmp_AndStillServesSemaphores()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var limits = SandboxLimits.Default with { TmpBytes = 8L * 1024 * 1024 };
        var run = await sandbox.Bash(
            "dd if=/dev/zero of=/dev/shm/fill bs=1M count=64 2>&1 | grep -o 'No space left on device'; rm /dev/shm/fill; "
            + "python3 -c 'import multiprocessing as m; print(m.Pool(2).map(abs, [-3]))'", limits);
        Assert.Equal("No space left on device\n[3]\n", run.Stdout);
    }
}

/// <summary>The same, each execution forked by the engine's fork server.</summary>
public sealed class DeviceTestsWhenForked(ForkingEngineFixture fixture) : DeviceTests(fixture), IClassFixture<ForkingEngineFixture>;

/// <summary>The same, each execution with a launcher chain of its own.</summary>
public sealed class DeviceTestsWhenLaunched(LaunchingEngineFixture fixture) : DeviceTests(fixture), IClassFixture<LaunchingEngineFixture>;
