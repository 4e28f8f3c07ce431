using Sandcastle.Client.Execute;
using Sandcastle.Testing;

namespace Sandcastle.Client.Tests;

public sealed class ExecuteClientTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>
{
    private readonly SandcastleClient _client = fixture.Client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Execute_answers_with_code_output_and_attempts()
    {
        fixture.Model.Enqueue(FakeReply.WithText("```python\nprint(6 * 7)\n```"));
        var result = await _client.ExecuteAsync(new ExecuteRequest("What is 6 times 7?"), _ct);
        Assert.True(result.Success);
        Assert.Equal("42\n", result.Output);
        Assert.Equal("print(6 * 7)", result.Code?.Trim());
        Assert.Single(result.Attempts);
    }

    [Fact]
    public async Task Execute_stream_gives_code_output_then_the_result()
    {
        fixture.Model.Enqueue(FakeReply.WithText("```python\nprint('streamed')\n```"));
        var events = new List<ExecuteEvent>();
        await foreach (var e in _client.ExecuteStreamAsync(new ExecuteRequest("Say streamed", SandboxId: "cl-execute"), _ct))
            events.Add(e);
        Assert.Equal("cl-execute", Assert.IsType<ExecuteStarted>(events[0]).SandboxId);
        Assert.Contains(events, e => e is ExecuteCodeDelta);
        Assert.Contains(events, e => e is ExecuteCode { Code: var code } && code.Contains("streamed", StringComparison.Ordinal));
        // Output comes as the program prints it, possibly in more than one piece.
        Assert.Equal("streamed\n", string.Concat(events.OfType<ExecuteOutput>().Where(o => o is { Attempt: 1, Stream: "stdout" }).Select(o => o.Text)));
        Assert.Equal("streamed\n", Assert.IsType<ExecuteCompleted>(events[^1]).Result.Output);
    }

    [Fact]
    public async Task Cancelling_an_execute_stream_stops_generation_on_the_server()
    {
        fixture.Model.Enqueue(FakeReply.WithText("```python\nprint('never')\n```", chunks: 20).Slow(TimeSpan.FromMilliseconds(500)));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var e in _client.ExecuteStreamAsync(new ExecuteRequest("slow"), cancel.Token))
            {
                if (e is ExecuteCodeDelta)
                    await cancel.CancelAsync();
            }
        });
        // The server stops reading the model's reply: the fake sees its client go away mid-stream.
        await fixture.Model.ClientDisconnected.WaitAsync(TimeSpan.FromSeconds(30), _ct);
        Assert.True(fixture.Model.Disconnects >= 1);
    }

    [Fact]
    public async Task Execute_errors_keep_the_seeds_error_text()
    {
        var refused = await Assert.ThrowsAsync<SandcastleApiException>(() => _client.ExecuteAsync(new ExecuteRequest(""), _ct));
        Assert.Equal((400, "Question is required"), (refused.StatusCode, refused.Error));

        fixture.Model.Enqueue(FakeReply.Error(401, message: "invalid x-api-key"));
        var rejected = await Assert.ThrowsAsync<SandcastleApiException>(async () =>
        {
            await foreach (var _ in _client.ExecuteStreamAsync(new ExecuteRequest("anything"), _ct))
            {
            }
        });
        Assert.Equal((502, "Anthropic API key rejected"), (rejected.StatusCode, rejected.Error));
    }
}
