namespace Sandcastle.Cli.Agents;

/// <summary>The body of POST /v1/sandboxes/{id}/agent as the CLI sends it (components already resolved to their text).</summary>
public sealed record AgentRequest(
    string Prompt,
    string? Agent,
    string? AgentDefinition,
    string? Command,
    string? CommandDefinition,
    string? Model,
    int? MaxTurns,
    long? TimeoutMs,
    string? Resume);
