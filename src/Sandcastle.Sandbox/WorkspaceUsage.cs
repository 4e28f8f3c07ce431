using System.IO.Enumeration;

namespace Sandcastle.Sandbox;

/// <summary>Measures how many bytes a workspace holds, without following symlinks out of it.</summary>
public static class WorkspaceUsage
{
    public static long Measure(string workspace)
    {
        if (!Directory.Exists(workspace))
            return 0;
        var files = new FileSystemEnumerable<long>(
            workspace,
            (ref FileSystemEntry entry) => entry.Length,
            new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
        {
            // Symlinks are counted as links, never followed (the enumerator does not descend into them either).
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory && (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        long total = 0;
        foreach (var length in files)
            total += length;
        return total;
    }
}
