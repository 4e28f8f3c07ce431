using System.Text;
using Sandcastle.Sandbox.Native;

namespace Sandcastle.Sandbox.Tests.ForkServers;

/// <summary>
/// A command in a native spare, cloned by the native zygote with sandcastle-exec-init (exec_init.c) as pid 1 instead of
/// a fork of the fork server's Python: the same view and isolation as a plain spare's (mounts, loopback, privileges,
/// seccomp, descriptors, covers, pid 1 out of reach, nothing left behind, limits), each attempt run as a command and
/// checked to have run there. The same
/// commands in plain spares and launched runs are the attack suites' (IsolationTests, ProcfsTests, ...), and
/// ForkedAndLaunchedRunsTests compares simple commands' output in such a spare with a launched run's.
/// </summary>
public sealed class CommandSpareTests(ForkingEngineFixture fixture) : IClassFixture<ForkingEngineFixture>
{
    private SandboxEngine Engine => fixture.Engine;

    [Fact]
    public async Task TheProgram_HasNoPrivilege_NoOtherDescriptor_AndTheSeccompFilter()
    {
        var run = await RunInCommandSpareAsync("""
            cat /proc/1/comm
            grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' /proc/self/status
            ls /proc/self/fd
            unshare -m true 2>&1 | grep -o 'Operation not permitted' | head -1
            """);

        Assert.Equal("""
            sandcastle-exec
            CapInh:	0000000000000000
            CapPrm:	0000000000000000
            CapEff:	0000000000000000
            CapBnd:	0000000000000000
            CapAmb:	0000000000000000
            NoNewPrivs:	1
            Seccomp:	2
            0
            1
            2
            3
            Operation not permitted

            """.ReplaceLineEndings("\n"), run.Stdout);
    }

    [Fact]
    public async Task Pid1_IsOutOfTheProgramsReach_AndSurvivesItsSignals()
    {
        var run = await RunInCommandSpareAsync("""
            for d in /proc/1/fd /proc/1/root/; do ls "$d" >/dev/null 2>&1 && echo "$d open" || echo "$d closed"; done
            for f in /proc/1/environ /proc/1/mem; do (exec 3<"$f") 2>/dev/null && echo "$f open" || echo "$f closed"; done
            kill -9 1; kill -TERM 1; echo "signalled $?"
            cat /proc/1/status | grep -c '^State:'
            """);

        Assert.Equal("/proc/1/fd closed\n/proc/1/root/ closed\n/proc/1/environ closed\n/proc/1/mem closed\nsignalled 0\n1\n", run.Stdout);
        Assert.Equal(0, run.Result.ExitCode);
    }

    [Fact]
    public async Task OtherSandboxes_AndTheServersFiles_AreCovered()
    {
        await using var other = Engine.CreateEphemeral();
        await other.Bash("echo secret > mine.txt");
        var run = await RunInCommandSpareAsync("""
            ls /run/sandcastle-sandboxes 2>&1 | grep -o 'Permission denied'
            ls /run/sandcastle-volumes 2>&1 | grep -o 'Permission denied'
            ls -A /run/sandcastle | wc -l
            grep -rl secret / --include=mine.txt 2>/dev/null | wc -l
            """);

        Assert.Equal("Permission denied\nPermission denied\n0\n0\n", run.Stdout);
    }

    [Fact]
    public async Task WhatTheProgramLeavesBehind_EndsWithIt()
    {
        var run = await RunInCommandSpareAsync("sleep 60 & setsid sleep 60 & echo started");

        Assert.Equal("started\n", run.Stdout);
        Assert.True(run.Result.WallTime < TimeSpan.FromSeconds(20), $"took {run.Result.WallTime}");
    }

    [Fact]
    public async Task TheView_IsAPlainSparesView()
    {
        // Mount points, their options and file systems, the cgroup namespace's root, and the loopback device up. Other
        // sandboxes' volumes, under the covered volumes directory, come and go with them.
        const string view = """
            awk '$5 !~ "^/run/sandcastle-volumes/" { for (i = 7; i <= NF; i++) if ($i == "-") print $5, $6, $(i + 1), $(i + 3) }' /proc/self/mountinfo
            cat /proc/self/cgroup | cut -d: -f3 | sort -u
            (exec 3<>/dev/tcp/127.0.0.1/9) 2>&1 | grep -oE 'refused|unreachable'
            ls -A /tmp /run/sandcastle
            """;
        await using var sandbox = Engine.CreateEphemeral();
        await sandbox.Files.WriteBytesAsync("view.sh", Encoding.UTF8.GetBytes(view), cancellationToken: TestContext.Current.CancellationToken);
        await sandbox.Files.WriteBytesAsync("view.py", "import subprocess\nsubprocess.run(['bash', 'view.sh'])\n"u8.ToArray(), cancellationToken: TestContext.Current.CancellationToken);
        var native = await RunInCommandSpareAsync("bash view.sh", sandbox);
        var server = Engine.TryGetForkServer()!;
        var before = server.CommandSparesTaken;
        // A python3 command runs in a plain spare's pid 1 interpreter; its bash sees that spare's view.
        var plain = await sandbox.RunAsync(ExecRequest.ForCommand("python3 view.py"), TestContext.Current.CancellationToken);

        Assert.Equal(before, server.CommandSparesTaken);
        Assert.Contains("/workspace", native.Stdout);
        Assert.Contains("refused", native.Stdout);
        Assert.Equal(plain.Stdout, native.Stdout);
    }

    [Theory]
    [InlineData("exit 7", 7)]
    [InlineData("kill -SEGV $$", 139)]
    [InlineData("/usr/bin/false", 1)]
    [InlineData("no-such-program", 127)]
    public async Task ExitCodes_AreTheProgramsOwn(string command, int exitCode)
    {
        var run = await RunInCommandSpareAsync(command);

        Assert.Equal(exitCode, run.Result.ExitCode);
    }

    [Fact]
    public async Task Stdin_TheWorkspace_AndTheRequestsLimits_ReachTheProgram()
    {
        await using var sandbox = Engine.CreateEphemeral();
        await sandbox.Bash("echo kept > note.txt");
        var limits = new SandboxLimits { TmpBytes = 8L * 1024 * 1024, MaxFileSizeBytes = 1024 * 1024 };
        var run = await RunInCommandSpareAsync("""
            cat; cat note.txt; pwd
            df -B1 --output=size /tmp | tail -1 | tr -d ' '
            head -c 2000000 /dev/zero > big 2>/dev/null; echo "big file $?"
            """, sandbox, ExecRequest.ForCommand("") with { Stdin = "from stdin\n"u8.ToArray(), Limits = limits });

        Assert.Equal($"from stdin\nkept\n/workspace\n{8 * 1024 * 1024}\nbig file 153\n", run.Stdout);
    }

    [Fact]
    public async Task AKilledCommand_EndsAtItsTimeout()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await RunInCommandSpareAsync("sleep 30", sandbox, ExecRequest.ForCommand("") with { Limits = new SandboxLimits { Timeout = TimeSpan.FromSeconds(1) } });

        Assert.Equal(ExitReason.Timeout, run.Result.Reason);
        // The next command of the sandbox runs as ever.
        Assert.Equal("next\n", (await sandbox.Bash("echo next")).Stdout);
    }

    /// <summary>
    /// Without the seccomp filter the native zygote is given no filter's copy: no descriptor of the fork server's, a
    /// zygote's or another spare's reaches a program, in a plain spare (a Python snippet, a command) or a native one.
    /// </summary>
    [Fact]
    public async Task WithoutTheSeccompFilter_NoOtherDescriptorReachesAProgram()
    {
        await using var fixtureWithoutFilter = SandboxEngineFixture.With(options => options.SeccompFilter = false);
        var engine = fixtureWithoutFilter.Engine;
        await engine.WarmUpAsync(TestContext.Current.CancellationToken);
        var server = engine.TryGetForkServer()!;
        await using var sandbox = engine.CreateEphemeral();

        var snippet = await sandbox.Python("import os; print(sorted(os.listdir('/proc/self/fd')))");
        Assert.Equal("['0', '1', '2', '3']\n", snippet.Stdout);
        var plain = await sandbox.Bash("ls /proc/self/fd | tr '\\n' ' '");
        await engine.WaitForCommandSpareAsync();
        var before = server.CommandSparesTaken;
        var inCommandSpare = await sandbox.Bash("ls /proc/self/fd | tr '\\n' ' '; grep '^Seccomp:' /proc/self/status");
        Assert.Equal(1, server.CommandSparesTaken - before);
        Assert.Equal("0 1 2 3 ", plain.Stdout);
        Assert.Equal("0 1 2 3 Seccomp:\t0\n", inCommandSpare.Stdout);
    }

    /// <summary>
    /// The native zygote killed (out of memory, say): the fork server says so and goes on with plain spares, and
    /// commands and Python runs alike still run, the first commands in the native spares kept, the others in plain
    /// ones; JavaScript runs still find warm Nodes, started from plain spares (the native ones their runs had asked
    /// for never come).
    /// </summary>
    [Fact]
    public async Task WithoutTheNativeZygote_EveryRunStillRuns()
    {
        await using var ownEngine = SandboxEngineFixture.With(_ => { });
        var engine = ownEngine.Engine;
        await engine.WarmUpAsync(TestContext.Current.CancellationToken);
        await engine.WaitForCommandSpareAsync();
        var server = engine.TryGetForkServer()!;
        var nativeZygote = Descendants(server.Pid).Single(IsNativeZygote);

        Libc.Kill(nativeZygote, Libc.SIGKILL);
        for (var wait = 0; wait < 500 && server.AsksForNativeSpares; wait++)
            await Task.Delay(10, TestContext.Current.CancellationToken);
        Assert.False(server.AsksForNativeSpares);
        await using var sandbox = engine.CreateEphemeral();
        var commandSparesBefore = server.CommandSparesTaken;
        for (var run = 0; run < 12; run++)
            Assert.Equal($"{run}\n", (await sandbox.Bash($"echo {run}")).Stdout);
        Assert.InRange(server.CommandSparesTaken - commandSparesBefore, 1, 11);
        Assert.Equal("python\n", (await sandbox.Python("print('python')")).Stdout);
        for (var run = 0; run < 6; run++)
            Assert.Equal($"{run}\n", (await sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.JavaScript, $"console.log({run})"), TestContext.Current.CancellationToken)).Stdout);
        await engine.WaitForWarmNodeAsync();
        var warmBefore = server.WarmNodeSparesTaken;
        Assert.Equal("warm\n", (await sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.JavaScript, "console.log('warm')"), TestContext.Current.CancellationToken)).Stdout);
        Assert.Equal(1, server.WarmNodeSparesTaken - warmBefore);
        Assert.True(server.IsReady);
        Assert.DoesNotContain(Descendants(server.Pid), IsNativeZygote);
    }

    /// <summary>The native zygote, not a spare it cloned (the same program, but pid 1 of a pid namespace of its own).</summary>
    private static bool IsNativeZygote(int pid) =>
        ProcessTable.Arguments(pid) is ["sandcastle-exec-init", "--zygote", ..]
        && ProcessTable.StatusField(pid, "NSpid")?.Split('\t', ' ')[^1] != "1";

    private static List<int> Descendants(int pid)
    {
        var found = new List<int>();
        var next = new Queue<int>([pid]);
        while (next.TryDequeue(out var parent))
            foreach (var child in ProcessTable.Children(parent))
            {
                found.Add(child);
                next.Enqueue(child);
            }
        return found;
    }

    /// <summary>The command, in a sandbox of no tenant (a new one unless given), in a native spare (asserted).</summary>
    private async Task<CollectedExec> RunInCommandSpareAsync(string command, Sandbox? sandbox = null, ExecRequest? template = null)
    {
        await using var own = sandbox is null ? Engine.CreateEphemeral() : null;
        var server = Engine.TryGetForkServer()!;
        await Engine.WaitForCommandSpareAsync();
        var before = server.CommandSparesTaken;
        var request = (template ?? ExecRequest.ForCommand(command)) with { Command = command };
        var run = await (sandbox ?? own!).RunAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(1, server.CommandSparesTaken - before);
        return run;
    }
}
