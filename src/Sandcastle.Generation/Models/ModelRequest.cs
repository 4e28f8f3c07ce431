namespace Sandcastle.Generation.Models;

/// <summary>One call to a model.</summary>
/// <param name="SystemPrompt">Instructions sent as the system prompt.</param>
/// <param name="Messages">The conversation so far, starting and ending with a user turn.</param>
/// <param name="Model">Model id; null takes the provider's configured default.</param>
/// <param name="MaxTokens">Most tokens the reply may have.</param>
public sealed record ModelRequest(string SystemPrompt, IReadOnlyList<ModelMessage> Messages, string? Model, int MaxTokens);
