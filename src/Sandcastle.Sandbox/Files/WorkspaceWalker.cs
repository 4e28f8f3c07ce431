using Sandcastle.Sandbox.Files.Native;

namespace Sandcastle.Sandbox.Files;

/// <summary>
/// Depth-first walk over open directory descriptors: entries are lstat'ed by name inside their directory and
/// subdirectories are opened one component at a time with symlinks refused, so a walk never leaves the tree.
/// </summary>
internal static class WorkspaceWalker
{
    /// <summary>Each level holds one descriptor open; this bounds descriptors used against hostile nesting.</summary>
    public const int MaxDepth = 1024;

    public static void Walk(FileDescriptor directory, WorkspacePath at, bool recursive, bool sorted, WalkVisitor visit) =>
        Walk(directory, at, recursive, sorted, visit, depth: 0);

    private static void Walk(FileDescriptor directory, WorkspacePath at, bool recursive, bool sorted, WalkVisitor visit, int depth)
    {
        if (depth > MaxDepth)
            throw new WorkspaceTooDeepException(at);
        var names = DirectoryReader.ReadNames(directory);
        if (sorted)
            names.Sort(StringComparer.Ordinal);
        foreach (var name in names)
        {
            // Entries removed or replaced while we walk are skipped: the walk reports a consistent-enough snapshot.
            if (!WorkspaceStat.TryEntry(directory, name, out var stat, out _))
                continue;
            var path = at.Combine(name);
            visit(path, in stat);
            if (!recursive || !stat.IsDirectory)
                continue;
            using var child = WorkspaceResolver.TryOpenChildDirectory(directory, name, out _);
            if (child is not null)
                Walk(child, path, recursive, sorted, visit, depth + 1);
        }
    }
}
