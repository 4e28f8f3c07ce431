using Sandcastle.Cli.Components;

namespace Sandcastle.Cli.Running;

/// <summary>Resolves the run's agents and commands and applies them to the prompt.</summary>
public static class RunPreparation
{
    public static async Task<PreparedRun> PrepareAsync(RunSettings settings, ComponentResolver resolver, CancellationToken cancellationToken)
    {
        var agents = new List<AgentDefinition>();
        foreach (var name in settings.Agents)
            agents.Add(await resolver.ResolveAgentAsync(name, cancellationToken));
        var commands = new List<CommandDefinition>();
        foreach (var name in settings.Commands)
            commands.Add(await resolver.ResolveCommandAsync(name, cancellationToken));

        // Each command wraps what came before it: --command a,b gives b(a(prompt)).
        var question = commands.Aggregate(settings.Prompt, (text, command) => command.Apply(text));
        if (settings.Files.Count > 0)
            question += "\n\n" + Inputs.InputFiles.DescribeForPrompt(settings.Files);
        var role = agents.Count == 0 ? null : string.Join("\n\n", agents.Select(a => a.Prompt));
        // --model wins; else the first agent that names a model other than inherit.
        var model = ModelAliases.Resolve(settings.Model) ?? agents.Select(a => ModelAliases.Resolve(a.Model)).FirstOrDefault(m => m is not null);
        return new PreparedRun(question, role, model, agents, commands);
    }
}
