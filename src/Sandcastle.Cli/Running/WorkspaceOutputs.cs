using Sandcastle.Sandbox.Files;

namespace Sandcastle.Cli.Running;

/// <summary>
/// Finds the files a run created or changed in its workspace and copies them out, read through the race-safe
/// workspace API (a symlink the program planted cannot make us copy a host file).
/// </summary>
public sealed class WorkspaceOutputs
{
    private readonly Dictionary<string, (long Size, DateTimeOffset ModifiedAt)> _before;

    private WorkspaceOutputs(Dictionary<string, (long, DateTimeOffset)> before) => _before = before;

    /// <summary>Remembers what the workspace holds before the run.</summary>
    public static WorkspaceOutputs Snapshot(WorkspaceFileSystem files) =>
        new(Files(files).ToDictionary(e => e.Path, e => (e.Size, e.ModifiedAt), StringComparer.Ordinal));

    /// <summary>Copies new and changed files (not the installed .claude/ components) into <paramref name="directory"/>.</summary>
    public async Task<IReadOnlyList<string>> CopyChangedAsync(WorkspaceFileSystem files, string directory, CancellationToken cancellationToken)
    {
        var changed = Files(files)
            .Where(e => !e.Path.StartsWith(WorkspaceComponents.Folder + "/", StringComparison.Ordinal))
            .Where(e => !_before.TryGetValue(e.Path, out var old) || old != (e.Size, e.ModifiedAt))
            .ToList();
        var saved = new List<string>();
        foreach (var entry in changed)
        {
            var target = Path.Combine(directory, entry.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await using var source = files.OpenRead(entry.Path);
            await using var copy = File.Create(target);
            await source.CopyToAsync(copy, cancellationToken);
            saved.Add(target);
        }
        return saved;
    }

    private static IEnumerable<WorkspaceEntry> Files(WorkspaceFileSystem files) =>
        files.List("", recursive: true).Where(e => e.Type == WorkspaceEntryType.File);
}
