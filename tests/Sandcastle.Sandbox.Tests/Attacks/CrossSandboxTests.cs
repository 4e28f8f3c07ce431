namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>
/// Two sandboxes running at once run as the same host uid; nothing lets one reach the other: no shared socket
/// namespace, shared memory, /tmp, process table or signals.
/// </summary>
public abstract class CrossSandboxTests(SandboxEngineFixture fixture)
{
    private SandboxEngine Engine => fixture.Engine;

    [Fact]
    public async Task AbstractSockets_SharedMemory_Tmp_AndProcesses_AreNotShared()
    {
        await using var victim = Engine.CreateEphemeral();
        await using var attacker = Engine.CreateEphemeral();
        var marker = $"victim-{Guid.NewGuid():N}";
        var process = victim.Start(ExecRequest.ForCode(SandboxLanguage.Python, $$"""
            import socket, time
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            server.bind("\0{{marker}}"); server.listen()
            open("/tmp/{{marker}}", "w").write("tmp secret")
            open("/dev/shm/{{marker}}", "w").write("shm secret")
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            shmid = libc.shmget(0x5a5a5a, 4096, 0o1666)  # IPC_CREAT | 0666
            print("ready", shmid >= 0, flush=True)
            time.sleep(30)
            """));
        await WaitForOutputAsync(process, "ready True");

        var run = await attacker.Python($$"""
            import socket, os, ctypes
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                s.connect("\0{{marker}}"); print("connected")
            except OSError as e:
                print("connect", e.errno)
            print("tmp", os.path.exists("/tmp/{{marker}}"), "shm", os.path.exists("/dev/shm/{{marker}}"))
            libc = ctypes.CDLL(None, use_errno=True)
            print("sysv", libc.shmget(0x5a5a5a, 0, 0), ctypes.get_errno())
            print("pids", sorted(int(p) for p in os.listdir("/proc") if p.isdigit()) == [1, 2])
            print("marker in /proc", any("{{marker}}" in open(f"/proc/{p}/cmdline").read() for p in os.listdir("/proc") if p.isdigit()))
            """);
        Assert.Equal("connect 111\ntmp False shm False\nsysv -1 2\npids True\nmarker in /proc False\n", run.Stdout);
        Assert.False(process.HasExited);
        process.Kill();
        await process.Completion;
    }

    [Fact]
    public async Task KillingEverythingItCan_LeavesOtherSandboxesAlone()
    {
        await using var victim = Engine.CreateEphemeral();
        await using var attacker = Engine.CreateEphemeral();
        var process = victim.Start(ExecRequest.ForCommand("echo ready; sleep 1.5; echo survived"));
        await WaitForOutputAsync(process, "ready");
        var run = await attacker.Bash("kill -9 -1; echo attacker-survived-its-own-kill");
        var result = await process.Completion.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(ExitReason.Exited, result.Reason);
        Assert.NotEqual(ExitReason.Timeout, run.Result.Reason);
    }

    private static async Task WaitForOutputAsync(SandboxProcess process, string text)
    {
        var seen = "";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        await foreach (var item in process.ReadEventsAsync(timeout.Token))
        {
            if (item is ExecOutput output)
                seen += output.Text;
            if (seen.Contains(text))
                return;
            if (item is ExecCompleted completed)
                Assert.Fail($"exited before '{text}': {seen} {completed.Result}");
        }
    }
}

/// <summary>The same, each execution forked by the engine's fork server.</summary>
public sealed class CrossSandboxTestsWhenForked(ForkingEngineFixture fixture) : CrossSandboxTests(fixture), IClassFixture<ForkingEngineFixture>;

/// <summary>The same, each execution with a launcher chain of its own.</summary>
public sealed class CrossSandboxTestsWhenLaunched(LaunchingEngineFixture fixture) : CrossSandboxTests(fixture), IClassFixture<LaunchingEngineFixture>;
