using Sandcastle.Client.Sandboxes;

namespace Sandcastle.Client.Tests;

public sealed class ContextClientTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly SandcastleClient _client = fixture.Client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Context_keeps_state_and_gives_rich_results_and_errors()
    {
        var sandbox = await _client.GetSandboxAsync("cl-ctx", _ct);
        var context = await sandbox.CreateContextAsync("python", _ct);
        Assert.Equal(("python", true), (context.Language, context.Alive));

        await sandbox.RunCodeAsync(context.Id, "x = 41", cancellationToken: _ct);
        var run = await sandbox.RunCodeAsync(context.Id, "print('hi')\nx + 1", cancellationToken: _ct);
        Assert.Equal("42", Assert.Single(run.Results).Text);
        Assert.Equal("hi\n", string.Concat(run.Logs.Stdout));
        Assert.Null(run.Error);
        Assert.Equal(2, run.ExecutionCount);

        var failed = await sandbox.RunCodeAsync(context.Id, "1 / 0", cancellationToken: _ct);
        Assert.Equal("ZeroDivisionError", failed.Error!.Name);

        Assert.Contains(await sandbox.ListContextsAsync(_ct), c => c.Id == context.Id);
        Assert.Equal(3, (await sandbox.GetContextAsync(context.Id, _ct)).ExecutionCount);
        var restarted = await sandbox.RestartContextAsync(context.Id, _ct);
        Assert.Equal(0, restarted.ExecutionCount);
        Assert.Equal("NameError", (await sandbox.RunCodeAsync(context.Id, "x", cancellationToken: _ct)).Error!.Name);
        await sandbox.DeleteContextAsync(context.Id, _ct);
        var gone = await Assert.ThrowsAsync<SandcastleApiException>(() => sandbox.GetContextAsync(context.Id, _ct));
        Assert.Equal((404, "not_found"), (gone.StatusCode, gone.Code));
        var badLanguage = await Assert.ThrowsAsync<SandcastleApiException>(() => sandbox.CreateContextAsync("cobol", _ct));
        Assert.Equal(400, badLanguage.StatusCode);
    }

    [Fact]
    public async Task Streamed_run_gives_a_chart_as_png_then_completion()
    {
        var sandbox = await _client.GetSandboxAsync("cl-ctx-chart", _ct);
        var context = await sandbox.CreateContextAsync("python", _ct);
        var events = new List<CodeRunEvent>();
        await foreach (var e in sandbox.RunCodeStreamAsync(context.Id, "import matplotlib.pyplot as plt\nprint('plotting')\nplt.plot([1, 4, 9])", cancellationToken: _ct))
            events.Add(e);
        Assert.Equal("plotting\n", string.Concat(events.OfType<CodeOutput>().Where(o => o.Stream == "stdout").Select(o => o.Text)));
        var png = events.OfType<CodeResultEvent>().Select(r => r.Result.Png).Single(p => p is not null)!;
        Assert.Equal(PngSignature, png[..8]);
        Assert.IsType<CodeRunCompleted>(events[^1]);

        var errors = new List<CodeRunEvent>();
        await foreach (var e in sandbox.RunCodeStreamAsync(context.Id, "raise ValueError('bad')", cancellationToken: _ct))
            errors.Add(e);
        Assert.Equal("ValueError", errors.OfType<CodeErrorEvent>().Single().Error.Name);
    }
}
