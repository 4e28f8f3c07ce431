namespace Sandcastle.Sandbox.Files.Archives;

/// <summary>Which symlink targets an archive may carry: relative ones that stay inside the workspace.</summary>
internal static class ArchiveLinks
{
    /// <summary>
    /// Lexical check of <paramref name="target"/> seen from the link's directory. The host never relies on it
    /// (every host-side lookup is confined by openat2); it keeps archives free of links that point out.
    /// </summary>
    public static bool StaysInside(WorkspacePath link, string target)
    {
        if (target.Length == 0 || target.StartsWith('/') || target.Contains('\0', StringComparison.Ordinal))
            return false;
        var depth = link.Parent.IsRoot ? 0 : link.Parent.Relative.Split('/').Length;
        foreach (var segment in target.Split('/'))
        {
            if (segment == "..")
                depth--;
            else if (segment.Length > 0 && segment != ".")
                depth++;
            if (depth < 0)
                return false;
        }
        return true;
    }
}
