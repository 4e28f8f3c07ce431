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

    /// <summary>Snapshots the sandbox's workspace.</summary>
    Task<SnapshotRow> SnapshotAsync(string id, CancellationToken cancellationToken);

    /// <summary>The sandbox's snapshots, newest first.</summary>
    Task<IReadOnlyList<SnapshotRow>> ListSnapshotsAsync(string id, CancellationToken cancellationToken);

    /// <summary>Replaces the sandbox's files with a snapshot's.</summary>
    Task RestoreAsync(string id, string snapshotId, CancellationToken cancellationToken);

    /// <summary>Creates a new sandbox with a snapshot's files.</summary>
    Task ForkAsync(string snapshotId, string newId, CancellationToken cancellationToken);
}
