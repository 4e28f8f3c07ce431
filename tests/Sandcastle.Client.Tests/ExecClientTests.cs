using System.Diagnostics;
using Sandcastle.Client.Sandboxes;

namespace Sandcastle.Client.Tests;

public sealed class ExecClientTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>
{
    private readonly SandcastleClient _client = fixture.Client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Exec_returns_output_and_exit_code()
    {
        var sandbox = await _client.GetSandboxAsync("cl-exec", _ct);
        var result = await sandbox.ExecAsync("echo out; echo err >&2; cat; exit 3",
            new ExecOptions(Env: new Dictionary<string, string> { ["A"] = "1" }, Stdin: "piped\n"), _ct);
        Assert.Equal((false, 3, "out\npiped\n", "err\n", "exited"), (result.Success, result.ExitCode, result.Stdout, result.Stderr, result.Reason));

        var timedOut = await sandbox.ExecAsync("sleep 10", new ExecOptions(Timeout: TimeSpan.FromMilliseconds(300)), _ct);
        Assert.Equal("timeout", timedOut.Reason);

        var refused = await Assert.ThrowsAsync<SandcastleApiException>(() => sandbox.ExecAsync("  ", cancellationToken: _ct));
        Assert.Equal((400, "bad_request"), (refused.StatusCode, refused.Code));
        Assert.Contains("command", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_stream_gives_start_output_as_printed_and_completion()
    {
        var sandbox = await _client.GetSandboxAsync("cl-exec-stream", _ct);
        var events = new List<(ExecEvent Event, long Ms)>();
        var clock = Stopwatch.StartNew();
        await foreach (var e in sandbox.ExecStreamAsync("echo one; sleep 1; echo two >&2; exit 4", cancellationToken: _ct))
            events.Add((e, clock.ElapsedMilliseconds));

        Assert.IsType<ExecStarted>(events[0].Event);
        var one = events.Single(e => e.Event is ExecOutput { Stream: "stdout", Text: "one\n" });
        var two = events.Single(e => e.Event is ExecOutput { Stream: "stderr", Text: "two\n" });
        Assert.True(two.Ms - one.Ms >= 500, $"output came as printed, not at the end ({one.Ms} ms, {two.Ms} ms)");
        var done = Assert.IsType<ExecCompleted>(events[^1].Event);
        Assert.Equal((false, 4, "exited"), (done.Success, done.ExitCode, done.Reason));
    }

    [Fact]
    public async Task Cancelling_an_exec_stream_kills_the_command_on_the_server()
    {
        var sandbox = await _client.GetSandboxAsync("cl-exec-cancel", _ct);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        var pid = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var e in sandbox.ExecStreamAsync("echo ready; sleep 300", cancellationToken: cancel.Token))
            {
                if (e is ExecStarted started)
                    pid = started.Pid;
                if (e is ExecOutput { Text: "ready\n" })
                    await cancel.CancelAsync();
            }
        });
        Assert.NotEqual(0, pid);
        var deadline = Stopwatch.StartNew();
        while (Directory.Exists($"/proc/{pid}") && deadline.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(100, _ct);
        Assert.False(Directory.Exists($"/proc/{pid}"), $"the command (pid {pid}) still runs {deadline.Elapsed} after the client cancelled");
    }

    [Fact]
    public async Task Shell_session_keeps_directory_between_execs()
    {
        var sandbox = await _client.GetSandboxAsync("cl-session", _ct);
        var session = await sandbox.CreateSessionAsync(_ct);
        await sandbox.ExecAsync("mkdir -p sub && cd sub && export X=kept", new ExecOptions(SessionId: session.Id), _ct);
        var after = await sandbox.ExecAsync("pwd; echo $X", new ExecOptions(SessionId: session.Id), _ct);
        Assert.Equal("/workspace/sub\nkept\n", after.Stdout);
        await sandbox.DeleteSessionAsync(session.Id, _ct);
        var gone = await Assert.ThrowsAsync<SandcastleApiException>(() => sandbox.ExecAsync("pwd", new ExecOptions(SessionId: session.Id), _ct));
        Assert.Equal(404, gone.StatusCode);
    }
}
