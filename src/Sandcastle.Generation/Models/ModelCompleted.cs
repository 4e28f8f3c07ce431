namespace Sandcastle.Generation.Models;

/// <summary>The last item of a reply.</summary>
/// <param name="Model">The model that answered, as the provider reports it.</param>
/// <param name="StopReason">The provider's stop reason (Anthropic: end_turn, max_tokens, ...), when known.</param>
/// <param name="Usage">Tokens this call consumed.</param>
public sealed record ModelCompleted(string Model, string? StopReason, TokenUsage Usage) : ModelStreamEvent
{
    /// <summary>Whether the reply was cut off by the token limit.</summary>
    public bool HitMaxTokens => StopReason is "max_tokens" or "length";
}
