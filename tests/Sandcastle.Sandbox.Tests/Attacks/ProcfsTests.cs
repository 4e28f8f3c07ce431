namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>/proc and /sys: nothing there changes the host or the sandbox's own limits, or leads out of the sandbox.</summary>
public abstract class ProcfsTests(SandboxEngineFixture fixture)
{
    private SandboxEngine Engine => fixture.Engine;

    [Theory]
    [InlineData("echo sandcastle-pwned > /proc/sys/kernel/hostname")]
    [InlineData("echo 3 > /proc/sys/vm/drop_caches")]
    [InlineData("echo 1 > /proc/sys/kernel/sysrq")]
    [InlineData("echo b > /proc/sysrq-trigger")]
    [InlineData("echo 0 > /proc/sys/kernel/randomize_va_space")]
    public async Task KernelSettings_CannotBeWritten(string command)
    {
        var hostName = await File.ReadAllTextAsync("/proc/sys/kernel/hostname", TestContext.Current.CancellationToken);
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Bash(command);
        Assert.NotEqual(0, run.Result.ExitCode);
        Assert.Matches("Read-only file system|Permission denied|No such file", run.Stderr);
        Assert.Equal(hostName, await File.ReadAllTextAsync("/proc/sys/kernel/hostname", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Cgroups_AreNeitherVisibleNorMountable_SoTheLimitsHold()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var limits = SandboxLimits.Default with { MemoryBytes = 64L * 1024 * 1024 };
        var run = await sandbox.Bash("""
            ls /sys/fs/cgroup 2>&1 | head -1
            cut -d: -f3 /proc/self/cgroup | sort -u
            mkdir -p /tmp/cg && mount -t cgroup -o memory none /tmp/cg 2>/dev/null; echo mount=$?
            mount -t cgroup2 none /tmp/cg 2>/dev/null; echo mount2=$?
            python3 -c 'x = bytearray(512 * 1024 * 1024); print("allocated")'
            """, limits);
        Assert.StartsWith("ls: cannot access '/sys/fs/cgroup': No such file or directory\n/\nmount=", run.Stdout);
        Assert.DoesNotContain("mount=0", run.Stdout);
        Assert.DoesNotContain("mount2=0", run.Stdout);
        Assert.DoesNotContain("allocated", run.Stdout);
        Assert.Equal(ExitReason.OutOfMemory, run.Result.Reason);
    }

    [Fact]
    public async Task Pid1_IsTheSandboxesOwnInit_AndItsRootIsTheSandboxesRoot()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Bash("""
            echo "$(readlink /proc/1/exe)"
            ls /proc/1/root/ | tr '\n' ' '; echo
            cat /proc/1/root/etc/shadow /proc/1/root/root/.bashrc 2>&1 | grep -c -E 'No such file|Permission denied'
            ls /proc/self/root/../.. | tr '\n' ' '; echo
            ls -l /proc/1/fd | grep -c -- '->'
            """);
        var lines = run.Stdout.Split('\n');
        // pid 1 is tini under a launcher. Forked, it is the fork server's own init (a fork of its python), which keeps
        // the socket it tells the end on: it is not dumpable, so its executable, root and descriptors are not the
        // program's to read at all. The program's own root also holds /run, where each execution's snippet directory
        // and the covered server directories are.
        var forked = Engine.ForkServerReady;
        Assert.Equal(forked ? "" : "/usr/bin/tini", lines[0]);
        Assert.Equal(forked ? "" : "bin dev etc lib lib64 proc sbin tmp usr workspace ", lines[1]);
        Assert.Equal("2", lines[2]);
        Assert.Equal(forked ? "bin dev etc lib lib64 proc run sbin tmp usr workspace " : "bin dev etc lib lib64 proc sbin tmp usr workspace ", lines[3]);
        // tini keeps the standard streams.
        Assert.Equal(forked ? "0" : "3", lines[4]);
        if (forked)
            Assert.Contains("Permission denied", run.Stderr);
    }

    [Fact]
    public async Task KernelMemoryAndLog_AreUnreadable()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Bash("""
            head -c 1 /proc/kcore >/dev/null 2>&1; echo kcore=$?
            head -c 1 /proc/kmsg >/dev/null 2>&1; echo kmsg=$?
            dmesg >/dev/null 2>&1; echo dmesg=$?
            awk '$1 != "0000000000000000" { n++ } END { print "kallsyms-addresses=" n+0 }' /proc/kallsyms
            """);
        Assert.Equal("kcore=1\nkmsg=1\ndmesg=1\nkallsyms-addresses=0\n", run.Stdout);
    }
}

/// <summary>The same, each execution forked by the engine's fork server.</summary>
public sealed class ProcfsTestsWhenForked(ForkingEngineFixture fixture) : ProcfsTests(fixture), IClassFixture<ForkingEngineFixture>;

/// <summary>The same, each execution with a launcher chain of its own.</summary>
public sealed class ProcfsTestsWhenLaunched(LaunchingEngineFixture fixture) : ProcfsTests(fixture), IClassFixture<LaunchingEngineFixture>;
