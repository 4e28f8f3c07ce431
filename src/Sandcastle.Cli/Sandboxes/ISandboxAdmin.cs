namespace Sandcastle.Cli.Sandboxes;

/// <summary>What <c>sandcastle sandbox</c> does, against a server or this machine's engine.</summary>
public interface ISandboxAdmin
{
    /// <summary>One row per sandbox: column name to value.</summary>
    Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> ListAsync(CancellationToken cancellationToken);

    /// <summary>False when there was no such sandbox.</summary>
    Task<bool> RemoveAsync(string id, CancellationToken cancellationToken);

    /// <summary>A directory's entries, or null when <paramref name="path"/> is a file (then <see cref="CopyFileAsync"/>).</summary>
    Task<IReadOnlyList<SandboxFileRow>?> ListFilesAsync(string id, string path, bool recursive, CancellationToken cancellationToken);

    Task CopyFileAsync(string id, string path, Stream destination, CancellationToken cancellationToken);

    /// <summary>Writes a file (parents made), creating the sandbox when there is none of that id.</summary>
    Task WriteFileAsync(string id, string path, Stream content, CancellationToken cancellationToken);

    /// <summary>Background processes' logs: (process, status, stdout, stderr).</summary>
    Task<IReadOnlyList<(string Process, string Status, string Stdout, string Stderr)>> LogsAsync(string id, string? process, CancellationToken cancellationToken);
}
