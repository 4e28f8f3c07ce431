using System.Diagnostics;
using Sandcastle.Sandbox.Native;

namespace Sandcastle.Sandbox.Tests.ForkServers;

/// <summary>
/// The fork server sees every sandbox's directory and holds capabilities in its container; a forked execution
/// must reach neither: not another workspace, not the server, not another execution's network.
/// </summary>
public sealed class ForkServerAttackTests(ForkingEngineFixture fixture) : IClassFixture<ForkingEngineFixture>
{
    private SandboxEngine Engine => fixture.Engine;

    [Fact]
    public async Task OtherSandboxesWorkspaces_AreOutOfReach_ByEveryPath()
    {
        var victim = Engine.GetOrCreate($"victim-{Guid.NewGuid():N}"[..20]);
        var secret = $"secret-{Guid.NewGuid():N}";
        Assert.Equal(0, (await victim.Bash($"echo {secret} > /workspace/{secret}")).Result.ExitCode);
        await using var attacker = Engine.CreateEphemeral();
        // The victim's workspace is a volume: its mount point's (hashed) name, as if the attacker had guessed it.
        var volume = Path.GetFileName(victim.WorkspacePath);

        var run = await attacker.Bash($"""
            ls -A /run/sandcastle-sandboxes 2>&1 | head -1
            cat /run/sandcastle-sandboxes/{victim.Id}/workspace/{secret} 2>&1 | head -1
            cat /proc/1/root/run/sandcastle-sandboxes/{victim.Id}/workspace/{secret} 2>&1 | head -1
            cat /run/sandcastle-volumes/{volume}/{secret} 2>&1 | head -1
            cat /proc/1/root/run/sandcastle-volumes/{volume}/{secret} 2>&1 | head -1
            echo "found: $(grep -rls {secret} /run /tmp /dev/shm /workspace /etc /proc/1/root/run 2>/dev/null | head -1)"
            ls /run/sandcastle /run/sandcastle-fonts 2>&1 | grep -c forkserver
            """);

        Assert.DoesNotContain(secret + "\n", run.Stdout.Replace($"/{secret}", "", StringComparison.Ordinal));
        var lines = run.Stdout.Split('\n');
        Assert.Contains("Permission denied", lines[0]);
        Assert.Contains("Permission denied", lines[1]);
        Assert.Contains("Permission denied", lines[2]);
        Assert.Contains("Permission denied", lines[3]);
        Assert.Contains("Permission denied", lines[4]);
        Assert.Equal("found: ", lines[5]);
        Assert.Equal("0", lines[6]);
        await Engine.DestroyAsync(victim.Id, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Loopback_IsPrivateToEachExecution_EvenInOneSandbox()
    {
        var sandbox = Engine.GetOrCreate($"net-{Guid.NewGuid():N}"[..20]);
        var port = Random.Shared.Next(20_000, 30_000);
        var listener = sandbox.Start(ExecRequest.ForCode(SandboxLanguage.Python, $"""
            import socket, time
            server = socket.socket()
            server.bind(("127.0.0.1", {port})); server.listen()
            client = socket.create_connection(("127.0.0.1", {port}), timeout=2)
            print("listening, own connection works", flush=True)
            time.sleep(20)
            """) with { Limits = sandbox.Limits with { Timeout = TimeSpan.FromSeconds(20) } });
        await WaitForOutputAsync(listener, "own connection works");

        var sameSandbox = await sandbox.Python($"""
            import socket
            try:
                socket.create_connection(("127.0.0.1", {port}), timeout=2); print("connected")
            except OSError as e:
                print("refused", e.errno)
            """);
        await using var other = Engine.CreateEphemeral();
        var otherSandbox = await other.Bash($"(echo hi > /dev/tcp/127.0.0.1/{port}) 2>&1 | grep -q refused && echo refused");

        Assert.Equal("refused 111\n", sameSandbox.Stdout);
        Assert.Equal("refused\n", otherSandbox.Stdout);
        listener.Kill();
        await listener.Completion;
        await Engine.DestroyAsync(sandbox.Id, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AServerThatDies_EndsItsExecutions_AndIsReplaced()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var running = sandbox.Start(ExecRequest.ForCommand("echo started; sleep 30"));
        await WaitForOutputAsync(running, "started");

        Libc.Kill(Engine.ForkServerProcessId!.Value, Libc.SIGKILL);
        var result = await running.Completion.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(137, result.ExitCode);
        // Until the replacement is up, runs take a launcher of their own; they work all the same.
        Assert.Equal("after\n", (await sandbox.Bash("echo after")).Stdout);
        var clock = Stopwatch.StartNew();
        while (!Engine.ForkServerReady && clock.Elapsed < TimeSpan.FromSeconds(20))
            await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.True(Engine.ForkServerReady);
        Assert.Equal("forked again\n", (await sandbox.Bash("echo forked again")).Stdout);
    }

    private static async Task WaitForOutputAsync(SandboxProcess process, string text)
    {
        var seen = "";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var item in process.ReadEventsAsync(timeout.Token))
        {
            if (item is ExecOutput output && (seen += output.Text).Contains(text, StringComparison.Ordinal))
                return;
        }
        throw new InvalidOperationException($"The process ended without printing {text}: {seen}");
    }
}
