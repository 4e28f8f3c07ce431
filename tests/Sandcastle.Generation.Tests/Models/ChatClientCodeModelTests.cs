using Anthropic;
using Microsoft.Extensions.AI;
using Sandcastle.Generation.Models;
using Sandcastle.Generation.Providers;
using Sandcastle.Testing;

namespace Sandcastle.Generation.Tests.Models;

/// <summary>The IChatClient adapter, over the Anthropic SDK's own IChatClient talking to the fake server.</summary>
public sealed class ChatClientCodeModelTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stream_ThroughAnIChatClient_YieldsTextThenCompletion()
    {
        await using var server = await FakeAnthropicServer.StartAsync(Token);
        server.Enqueue(FakeReply.WithText("print('hello')", chunks: 3) with { StopReason = "end_turn" });
        using var client = new AnthropicClient { ApiKey = TestOptions.ApiKey, BaseUrl = server.BaseUrl, MaxRetries = 0 };
        using var chat = client.AsIChatClient("claude-default", 1024);
        var model = new ChatClientCodeModel(chat, "claude-default");

        var events = await model.CollectAsync(
            new ModelRequest("SYSTEM", [ModelMessage.User("q1"), ModelMessage.Assistant("a1"), ModelMessage.User("q2")], null, 321), Token);

        Assert.Equal("print('hello')", string.Concat(events.OfType<ModelTextDelta>().Select(d => d.Text)));
        var completed = Assert.IsType<ModelCompleted>(events[^1]);
        Assert.Equal("claude-default", completed.Model);
        Assert.Equal("stop", completed.StopReason);
        var request = Assert.Single(server.Requests);
        Assert.Equal("SYSTEM", request.System);
        Assert.Equal(["user", "assistant", "user"], request.Messages.Select(m => m.Role));
        Assert.Equal(321, request.MaxTokens);
    }
}
