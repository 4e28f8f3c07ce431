using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sandcastle.Generation.Models;
using Sandcastle.Generation.Providers;
using Sandcastle.Testing;

namespace Sandcastle.Generation.Tests.Models;

public sealed class AnthropicCodeModelTests : IAsyncLifetime
{
    private FakeAnthropicServer _server = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await FakeAnthropicServer.StartAsync(Token);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Stream_DeltasArriveInOrder_ThenUsageAndStopReason()
    {
        _server.Enqueue(FakeReply.WithText("abcdefghij", chunks: 5) with { InputTokens = 123, OutputTokens = 45, Model = "claude-answering" });
        using var model = CreateModel();

        var events = await model.CollectAsync(ModelStreams.Ask("hi"), Token);

        Assert.Equal(["ab", "cd", "ef", "gh", "ij"], events.OfType<ModelTextDelta>().Select(d => d.Text));
        var completed = Assert.IsType<ModelCompleted>(events[^1]);
        Assert.Equal(new ModelCompleted("claude-answering", "end_turn", new TokenUsage(123, 45)), completed);
    }

    [Fact]
    public async Task Stream_SendsSystemPromptMessagesModelAndMaxTokens()
    {
        _server.EnqueueText("ok");
        using var model = CreateModel();
        var request = new ModelRequest(
            "SYSTEM-PROMPT",
            [ModelMessage.User("first question"), ModelMessage.Assistant("first answer"), ModelMessage.User("follow-up")],
            "claude-chosen",
            777);

        await model.CollectAsync(request, Token);

        var received = Assert.Single(_server.Requests);
        Assert.True(received.Stream);
        Assert.Equal("claude-chosen", received.Model);
        Assert.Equal(777, received.MaxTokens);
        Assert.Equal("SYSTEM-PROMPT", received.System);
        Assert.Equal(
            [new RecordedMessage("user", "first question"), new RecordedMessage("assistant", "first answer"), new RecordedMessage("user", "follow-up")],
            received.Messages);
    }

    [Fact]
    public async Task Stream_WithoutModel_UsesConfiguredModel()
    {
        _server.EnqueueText("ok");
        using var model = CreateModel();

        var events = await model.CollectAsync(ModelStreams.Ask("hi", model: null), Token);

        Assert.Equal("claude-test-model", Assert.Single(_server.Requests).Model);
        Assert.Equal("claude-test-model", Assert.IsType<ModelCompleted>(events[^1]).Model);
    }

    [Fact]
    public async Task Stream_MaxTokensStop_IsReported()
    {
        _server.Enqueue(FakeReply.WithText("print(") with { StopReason = "max_tokens" });
        using var model = CreateModel();

        var events = await model.CollectAsync(ModelStreams.Ask("hi"), Token);

        Assert.True(Assert.IsType<ModelCompleted>(events[^1]).HitMaxTokens);
    }

    [Fact]
    public async Task Stream_401_IsUnauthorized_NotRetried_AndNeverShowsTheKey()
    {
        _server.EnqueueError(401, message: $"invalid x-api-key {TestOptions.ApiKey}");
        using var model = CreateModel();

        var error = await Assert.ThrowsAsync<ModelException>(() => model.CollectAsync(ModelStreams.Ask("hi"), Token));

        Assert.Equal(ModelErrorKind.Unauthorized, error.Kind);
        Assert.Equal(401, error.StatusCode);
        Assert.Contains("rejected the API key", error.Message, StringComparison.Ordinal);
        Assert.Contains("ANTHROPIC_API_KEY", error.Message, StringComparison.Ordinal);
        Assert.Contains("--anthropic-api-key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestOptions.ApiKey, error.ToString(), StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Stream_ErrorBodyEchoingTheKey_IsRedacted()
    {
        _server.EnqueueError(400, message: $"bad request from key {TestOptions.ApiKey}");
        using var model = CreateModel();

        var error = await Assert.ThrowsAsync<ModelException>(() => model.CollectAsync(ModelStreams.Ask("hi"), Token));

        Assert.Equal(ModelErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("bad request from key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestOptions.ApiKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_429ThenSuccess_IsRetried()
    {
        _server.EnqueueError(429).EnqueueText("after retry");
        using var model = CreateModel();

        var events = await model.CollectAsync(ModelStreams.Ask("hi"), Token);

        Assert.Equal("after retry", string.Concat(events.OfType<ModelTextDelta>().Select(d => d.Text)));
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task Stream_529Repeatedly_IsOverloaded_AfterBoundedRetries()
    {
        _server.EnqueueError(529).EnqueueError(529).EnqueueError(529).EnqueueError(529).EnqueueText("never reached");
        using var model = CreateModel();
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ModelException>(() => model.CollectAsync(ModelStreams.Ask("hi"), Token));

        Assert.Equal(ModelErrorKind.Overloaded, error.Kind);
        Assert.Equal(529, error.StatusCode);
        Assert.Equal(3, _server.Requests.Count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Stream_500Repeatedly_IsUnavailable()
    {
        _server.DefaultReply = FakeReply.Error(500);
        using var model = CreateModel(o => o.MaxRetries = 1);

        var error = await Assert.ThrowsAsync<ModelException>(() => model.CollectAsync(ModelStreams.Ask("hi"), Token));

        Assert.Equal(ModelErrorKind.Unavailable, error.Kind);
        Assert.Equal(500, error.StatusCode);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task Stream_UnknownModel404_IsInvalidRequest_NotRetried()
    {
        _server.EnqueueError(404, message: "model: claude-nope");
        using var model = CreateModel();

        var error = await Assert.ThrowsAsync<ModelException>(() => model.CollectAsync(ModelStreams.Ask("hi"), Token));

        Assert.Equal(ModelErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("claude-nope", error.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Stream_UnreachableServer_IsUnavailable()
    {
        string closedUrl;
        await using (var stopped = await FakeAnthropicServer.StartAsync(Token))
            closedUrl = stopped.BaseUrl;
        using var model = CreateModel(o => (o.BaseUrl, o.MaxRetries) = (closedUrl, 0));

        var error = await Assert.ThrowsAsync<ModelException>(() => model.CollectAsync(ModelStreams.Ask("hi"), Token));

        Assert.Equal(ModelErrorKind.Unavailable, error.Kind);
        Assert.Null(error.StatusCode);
        Assert.Contains(closedUrl, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_WithoutKey_ThrowsNotConfigured_NamingEveryWayToSetIt()
    {
        using var model = CreateModel(o => o.ApiKey = " ");

        var error = await Assert.ThrowsAsync<ModelNotConfiguredException>(() => model.CollectAsync(ModelStreams.Ask("hi"), Token));

        Assert.Contains("ANTHROPIC_API_KEY environment variable", error.Message, StringComparison.Ordinal);
        Assert.Contains(".env file", error.Message, StringComparison.Ordinal);
        Assert.Contains("sandcastle secret set ANTHROPIC_API_KEY", error.Message, StringComparison.Ordinal);
        Assert.Contains("--anthropic-api-key", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Stream_CancelledMidStream_StopsAndDisconnects()
    {
        _server.Enqueue(FakeReply.WithText(new string('x', 100), chunks: 50).Slow(TimeSpan.FromMilliseconds(100)));
        using var model = CreateModel();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var received = 0;
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in model.StreamAsync(ModelStreams.Ask("hi"), cancellation.Token))
            {
                if (item is ModelTextDelta && ++received == 2)
                    await cancellation.CancelAsync();
            }
        });

        Assert.Equal(2, received);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        await _server.ClientDisconnected.WaitAsync(TimeSpan.FromSeconds(5), Token);
        Assert.Equal(0, _server.CompletedStreams);
    }

    private AnthropicCodeModel CreateModel(Action<GenerationOptions>? configure = null) =>
        new(Options.Create(Configure(TestOptions.For(_server), configure)), NullLogger<AnthropicCodeModel>.Instance);

    private static GenerationOptions Configure(GenerationOptions options, Action<GenerationOptions>? configure)
    {
        configure?.Invoke(options);
        return options;
    }
}
