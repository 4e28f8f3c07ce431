using Sandcastle.Cli.Components;
using Sandcastle.Sandbox.Files;

namespace Sandcastle.Cli.Running;

/// <summary>Puts the run's agents and commands where Claude Code tools inside the sandbox look for them.</summary>
public static class WorkspaceComponents
{
    public const string Folder = ".claude";

    public static async Task InstallAsync(WorkspaceFileSystem files, PreparedRun run, CancellationToken cancellationToken)
    {
        foreach (var agent in run.Agents)
            await files.WriteTextAsync($"{Folder}/agents/{agent.File.Entry.ShortName}.md", agent.File.Text, createParents: true, cancellationToken: cancellationToken);
        foreach (var command in run.Commands)
            await files.WriteTextAsync($"{Folder}/commands/{command.File.Entry.ShortName}.md", command.File.Text, createParents: true, cancellationToken: cancellationToken);
    }
}
