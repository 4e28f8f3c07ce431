using Sandcastle.Client.Sandboxes;

namespace Sandcastle.Client.Tests;

public sealed class ProcessClientTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>
{
    private readonly SandcastleClient _client = fixture.Client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Background_process_streams_its_log_and_is_killed()
    {
        var sandbox = await _client.GetSandboxAsync("cl-procs", _ct);
        var started = await sandbox.StartProcessAsync("echo up; while true; do sleep 0.1; done", "ticker", cancellationToken: _ct);
        Assert.Equal(("ticker", "running"), (started.Id, started.Status));
        Assert.Contains(await sandbox.ListProcessesAsync(_ct), p => p.Id == "ticker");

        var events = sandbox.StreamProcessLogsAsync("ticker", _ct).GetAsyncEnumerator(_ct);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(new ProcessOutput("stdout", "up\n"), events.Current);
        Assert.Equal("up\n", (await sandbox.GetProcessLogsAsync("ticker", _ct)).Stdout);

        var killed = await sandbox.KillProcessAsync("ticker", _ct);
        Assert.Equal("killed", killed.Status);
        while (await events.MoveNextAsync() && events.Current is not ProcessExited)
        {
        }
        Assert.Equal("killed", Assert.IsType<ProcessExited>(events.Current).Status);
        await events.DisposeAsync();
        Assert.Equal(404, (await Assert.ThrowsAsync<SandcastleApiException>(() => sandbox.GetProcessAsync("ticker", _ct))).StatusCode);
    }

    [Fact]
    public async Task Finished_process_has_its_exit_code_and_errors_have_codes()
    {
        var sandbox = await _client.GetSandboxAsync("cl-procs-done", _ct);
        var started = await sandbox.StartProcessAsync("echo done; exit 2", cancellationToken: _ct);
        ProcessExited? exit = null;
        await foreach (var e in sandbox.StreamProcessLogsAsync(started.Id, _ct))
            exit = e as ProcessExited ?? exit;
        Assert.Equal((2, false), (exit!.ExitCode, exit.Success));
        Assert.Equal("failed", (await sandbox.GetProcessAsync(started.Id, _ct)).Status);

        var missing = await Assert.ThrowsAsync<SandcastleApiException>(() => sandbox.GetProcessLogsAsync("nope", _ct));
        Assert.Equal((404, "not_found"), (missing.StatusCode, missing.Code));
        var streamMissing = await Assert.ThrowsAsync<SandcastleApiException>(async () =>
        {
            await foreach (var _ in sandbox.StreamProcessLogsAsync("nope", _ct))
            {
            }
        });
        Assert.Equal(404, streamMissing.StatusCode);
        var badName = await Assert.ThrowsAsync<SandcastleApiException>(() => sandbox.StartProcessAsync("true", "Bad Name", cancellationToken: _ct));
        Assert.Equal((400, "bad_request"), (badName.StatusCode, badName.Code));
    }
}
