using System.Text;

namespace Sandcastle.Sandbox.Files;

/// <summary>
/// A normalized path inside the workspace. Parsing is purely lexical and only rejects what can never be valid;
/// confinement against symlinks is the kernel's job (openat2 RESOLVE_BENEATH), not this type's.
/// </summary>
public sealed record WorkspacePath
{
    public const string MountPoint = "/workspace";
    private const int MaxNameBytes = 255;

    private WorkspacePath(string relative) => Relative = relative;

    public static WorkspacePath Root { get; } = new(string.Empty);

    /// <summary>Relative to /workspace with single '/' separators, e.g. "dir/a.txt"; "" for the root.</summary>
    public string Relative { get; }

    public bool IsRoot => Relative.Length == 0;

    /// <summary>The last component ("" for the root).</summary>
    public string Name => Relative[(Relative.LastIndexOf('/') + 1)..];

    /// <summary>The containing directory (the root's parent is the root).</summary>
    public WorkspacePath Parent
    {
        get
        {
            var slash = Relative.LastIndexOf('/');
            return slash < 0 ? Root : new WorkspacePath(Relative[..slash]);
        }
    }

    /// <summary>Accepts "a/b", "./a", "/workspace/a"; "", "." and "/workspace" mean the root only when allowed.</summary>
    public static WorkspacePath Parse(string path, bool allowRoot = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Contains('\0', StringComparison.Ordinal))
            throw new WorkspacePathException(path, "it contains a NUL byte");
        if (path.Length == 0)
            return allowRoot ? Root : throw new WorkspacePathException(path, "it is empty");

        var rest = path;
        if (path.StartsWith('/'))
        {
            if (path != MountPoint && !path.StartsWith(MountPoint + "/", StringComparison.Ordinal))
                throw new WorkspacePathException(path, $"absolute paths must be inside {MountPoint}");
            rest = path[MountPoint.Length..];
        }

        var segments = new List<string>();
        foreach (var segment in rest.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
                continue;
            if (segment == "..")
                throw new WorkspacePathException(path, "'..' is not allowed");
            if (Encoding.UTF8.GetByteCount(segment) > MaxNameBytes)
                throw new WorkspacePathException(path, $"a component is longer than {MaxNameBytes} bytes");
            segments.Add(segment);
        }

        if (segments.Count == 0)
            return allowRoot ? Root : throw new WorkspacePathException(path, "it names the workspace root itself");
        return new WorkspacePath(string.Join('/', segments));
    }

    /// <summary>The child path for a single component read from a directory.</summary>
    internal WorkspacePath Combine(string name) => new(IsRoot ? name : Relative + "/" + name);

    public override string ToString() => IsRoot ? MountPoint : Relative;
}
