namespace Sandcastle.Cli.Components;

/// <summary>A Claude Code agent: front matter (name, description, tools, model) and a system prompt.</summary>
/// <param name="Name">The agent's name (front matter, else the file name).</param>
/// <param name="Description">When to use it; may span lines and hold examples.</param>
/// <param name="Tools">Tools it may use; empty means all (Claude Code's default).</param>
/// <param name="Model">sonnet, haiku, opus, inherit, a full model id, or null.</param>
/// <param name="Prompt">The body: the agent's system prompt.</param>
/// <param name="File">Where it was read from.</param>
public sealed record AgentDefinition(
    string Name, string Description, IReadOnlyList<string> Tools, string? Model, string Prompt, ComponentFile File);
