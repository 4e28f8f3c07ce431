using Sandcastle.Sandbox.Files;

namespace Sandcastle.Server.Sandboxes;

/// <summary>A workspace entry on the wire; type: file, directory, symlink or other; path relative to /workspace.</summary>
public sealed record FileEntryResponse(string Name, string Path, string Type, long Size, DateTimeOffset ModifiedAt)
{
    public static FileEntryResponse From(WorkspaceEntry entry) =>
        new(entry.Name, entry.Path, entry.Type.ToString().ToLowerInvariant(), entry.Size, entry.ModifiedAt);
}
