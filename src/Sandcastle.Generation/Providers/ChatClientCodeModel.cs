using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Sandcastle.Generation.Models;

namespace Sandcastle.Generation.Providers;

/// <summary>
/// <see cref="ICodeModel"/> over any <c>Microsoft.Extensions.AI</c> <see cref="IChatClient"/>, e.g. an
/// OpenAI-compatible local server. Errors are the client's own; retries belong in the client's pipeline.
/// </summary>
public sealed class ChatClientCodeModel(IChatClient chatClient, string defaultModel) : ICodeModel
{
    public async IAsyncEnumerable<ModelStreamEvent> StreamAsync(
        ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<ChatMessage> messages = [new(ChatRole.System, request.SystemPrompt)];
        messages.AddRange(request.Messages.Select(m => new ChatMessage(m.Role == ModelRole.User ? ChatRole.User : ChatRole.Assistant, m.Text)));
        var chatOptions = new ChatOptions
        {
            ModelId = string.IsNullOrWhiteSpace(request.Model) ? defaultModel : request.Model,
            MaxOutputTokens = request.MaxTokens,
        };

        var model = chatOptions.ModelId;
        string? stopReason = null;
        var usage = TokenUsage.Zero;
        await foreach (var update in chatClient.GetStreamingResponseAsync(messages, chatOptions, cancellationToken))
        {
            model = update.ModelId ?? model;
            stopReason = update.FinishReason?.Value ?? stopReason;
            foreach (var content in update.Contents.OfType<UsageContent>())
                usage += new TokenUsage(content.Details.InputTokenCount ?? 0, content.Details.OutputTokenCount ?? 0);
            if (!string.IsNullOrEmpty(update.Text))
                yield return new ModelTextDelta(update.Text);
        }
        yield return new ModelCompleted(model, stopReason, usage);
    }
}
