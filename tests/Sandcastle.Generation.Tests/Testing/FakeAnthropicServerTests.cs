using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Sandcastle.Testing;

namespace Sandcastle.Generation.Tests.Testing;

/// <summary>The shared fake against the SDK's non-streaming call, which the generation code does not use itself.</summary>
public sealed class FakeAnthropicServerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_NonStreaming_ReturnsTheScriptedMessage()
    {
        await using var server = await FakeAnthropicServer.StartAsync(Token);
        server.Enqueue(FakeReply.WithText("plain answer") with { InputTokens = 7, OutputTokens = 3 });
        using var client = new AnthropicClient { ApiKey = TestOptions.ApiKey, BaseUrl = server.BaseUrl, MaxRetries = 0 };

        var message = await client.Messages.Create(
            new MessageCreateParams { Model = "claude-x", MaxTokens = 10, Messages = [new UserMessageParam("hi")] }, Token);

        Assert.True(Assert.Single(message.Content).TryPickText(out var text));
        Assert.Equal("plain answer", text.Text);
        Assert.Equal("claude-x", message.Model.Raw());
        Assert.Equal((7, 3), (message.Usage.InputTokens, message.Usage.OutputTokens));
        Assert.False(Assert.Single(server.Requests).Stream);
    }

    [Fact]
    public async Task Create_EmptyQueue_AnswersServerError()
    {
        await using var server = await FakeAnthropicServer.StartAsync(Token);
        using var client = new AnthropicClient { ApiKey = TestOptions.ApiKey, BaseUrl = server.BaseUrl, MaxRetries = 0 };

        var error = await Assert.ThrowsAnyAsync<AnthropicApiException>(() => client.Messages.Create(
            new MessageCreateParams { Model = "claude-x", MaxTokens = 10, Messages = [new UserMessageParam("hi")] }, Token));

        Assert.Equal(500, (int)error.StatusCode);
    }
}
