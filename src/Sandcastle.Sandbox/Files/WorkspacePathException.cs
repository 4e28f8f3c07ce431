namespace Sandcastle.Sandbox.Files;

/// <summary>A path is malformed or leads outside the workspace: a client error, never worth retrying.</summary>
public sealed class WorkspacePathException(string path, string reason)
    : ArgumentException($"Invalid workspace path '{Printable(path)}': {reason}.")
{
    /// <summary>The path as the caller gave it, or as normalized when the kernel refused it.</summary>
    public string WorkspacePath { get; } = path;

    public string Reason { get; } = reason;

    private static string Printable(string path) => path.Replace("\0", "\\0", StringComparison.Ordinal);
}
