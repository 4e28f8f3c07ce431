namespace Sandcastle.Sandbox.Files;

/// <summary>One workspace entry, as lstat sees it (symlinks describe the link itself).</summary>
/// <param name="Name">Last path component ("" for the workspace root).</param>
/// <param name="Path">Path relative to /workspace, e.g. "dir/a.txt" ("" for the root).</param>
/// <param name="Size">Bytes for files, target length for symlinks, 0 for directories.</param>
public sealed record WorkspaceEntry(string Name, string Path, WorkspaceEntryType Type, long Size, DateTimeOffset ModifiedAt);
