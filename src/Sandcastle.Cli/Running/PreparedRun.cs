using Sandcastle.Cli.Components;

namespace Sandcastle.Cli.Running;

/// <summary>The request after agents and commands are applied.</summary>
/// <param name="Question">The prompt, wrapped by each command's template in turn.</param>
/// <param name="Role">The agents' system prompts, for the system prompt's role section; null without agents.</param>
/// <param name="Model">The model id to use; null takes the configured default.</param>
/// <param name="Agents">The agents, installed into the sandbox's .claude/agents/.</param>
/// <param name="Commands">The commands, installed into the sandbox's .claude/commands/.</param>
public sealed record PreparedRun(
    string Question, string? Role, string? Model, IReadOnlyList<AgentDefinition> Agents, IReadOnlyList<CommandDefinition> Commands);
