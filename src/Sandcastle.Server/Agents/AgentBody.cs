namespace Sandcastle.Server.Agents;

/// <summary>
/// Body of <c>POST /v1/sandboxes/{id}/agent</c>. <c>agent</c>/<c>command</c> name a Claude Code subagent or slash
/// command: with its markdown in <c>agentDefinition</c>/<c>commandDefinition</c> (what the CLI resolved from the
/// project's .claude/ or the catalog) it is installed in the workspace first; without, the workspace's own
/// <c>.claude/agents/NAME.md</c> or <c>.claude/commands/NAME.md</c> is used. <c>resume</c> is "last" (the latest
/// conversation in this sandbox) or a session id.
/// </summary>
public sealed record AgentBody(
    string? Prompt,
    string? Agent = null,
    string? AgentDefinition = null,
    string? Command = null,
    string? CommandDefinition = null,
    string? Model = null,
    int? MaxTurns = null,
    long? MaxTokens = null,
    long? TimeoutMs = null,
    string? Resume = null);
