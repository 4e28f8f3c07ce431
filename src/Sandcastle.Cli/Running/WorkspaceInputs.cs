using Sandcastle.Cli.Inputs;
using Sandcastle.Sandbox.Files;

namespace Sandcastle.Cli.Running;

/// <summary>Copies the user's local files to the top of a sandbox's workspace, through the race-safe workspace API.</summary>
public static class WorkspaceInputs
{
    public static async Task CopyInAsync(WorkspaceFileSystem files, IReadOnlyList<InputFile> inputs, CancellationToken cancellationToken)
    {
        foreach (var input in inputs)
        {
            await using var stream = File.OpenRead(input.LocalPath);
            await files.WriteAsync(input.Name, stream, cancellationToken: cancellationToken);
        }
    }
}
