using Anthropic.Models.Messages;
using Sandcastle.Generation.Models;

namespace Sandcastle.Generation.Providers;

/// <summary>Translates our provider-neutral request into the SDK's.</summary>
internal static class AnthropicRequests
{
    public static MessageCreateParams ToParams(ModelRequest request, GenerationOptions settings) => new()
    {
        Model = string.IsNullOrWhiteSpace(request.Model) ? settings.Model : request.Model,
        MaxTokens = request.MaxTokens,
        System = request.SystemPrompt,
        Messages = [.. request.Messages.Select(ToParam)],
    };

    private static MessageParam ToParam(ModelMessage message) => message.Role switch
    {
        ModelRole.User => new UserMessageParam(message.Text),
        ModelRole.Assistant => new AssistantMessageParam(message.Text),
        _ => throw new ArgumentOutOfRangeException(nameof(message), message.Role, null),
    };
}
