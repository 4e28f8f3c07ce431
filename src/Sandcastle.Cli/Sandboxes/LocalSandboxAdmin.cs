using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Files;

namespace Sandcastle.Cli.Sandboxes;

/// <summary>The sandboxes under this machine's data root (SANDCASTLE_DATA_DIR), through the engine.</summary>
public sealed class LocalSandboxAdmin(SandboxEngine engine, LocalSnapshots snapshots) : ISandboxAdmin
{
    public Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> ListAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<IReadOnlyDictionary<string, string>> rows = [.. engine.List().Select(info => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
        {
            ["id"] = info.Id,
            ["created"] = info.CreatedAt.ToString("u"),
            ["size"] = Bytes(engine.Find(info.Id)?.Files.GetUsageBytes() ?? 0),
            ["workspace"] = info.WorkspacePath,
        })];
        return Task.FromResult(rows);
    }

    public Task<bool> RemoveAsync(string id, CancellationToken cancellationToken) => engine.DestroyAsync(id, cancellationToken);

    public Task<IReadOnlyList<SandboxFileRow>?> ListFilesAsync(string id, string path, bool recursive, CancellationToken cancellationToken)
    {
        var files = Open(id);
        var entry = files.Stat(path) ?? throw new CliFailureException(ExitCodes.Failure, $"'{path}' does not exist in sandbox {id}.");
        IReadOnlyList<SandboxFileRow>? rows = entry.Type != WorkspaceEntryType.Directory ? null
            : [.. files.List(entry.Path, recursive).Select(e => new SandboxFileRow(e.Path, e.Type.ToString().ToLowerInvariant(), e.Size, e.ModifiedAt))];
        return Task.FromResult(rows);
    }

    public async Task CopyFileAsync(string id, string path, Stream destination, CancellationToken cancellationToken)
    {
        await using var source = Open(id).OpenRead(path);
        await source.CopyToAsync(destination, cancellationToken);
    }

    public Task WriteFileAsync(string id, string path, Stream content, CancellationToken cancellationToken) =>
        engine.GetOrCreate(id).Files.WriteAsync(path, content, createParents: true, cancellationToken: cancellationToken);

    public Task<IReadOnlyList<(string Process, string Status, string Stdout, string Stderr)>> LogsAsync(string id, string? process, CancellationToken cancellationToken) =>
        throw new CliFailureException(ExitCodes.Failure,
            "this machine's engine keeps no logs: `sandcastle exec` prints everything as it runs. Background processes and their logs live on a server: add --server URL.");

    public Task<SnapshotRow> SnapshotAsync(string id, CancellationToken cancellationToken) => snapshots.SnapshotAsync(id, cancellationToken);

    public Task<IReadOnlyList<SnapshotRow>> ListSnapshotsAsync(string id, CancellationToken cancellationToken) => snapshots.ListAsync(id, cancellationToken);

    public Task RestoreAsync(string id, string snapshotId, CancellationToken cancellationToken) => snapshots.RestoreAsync(id, snapshotId, cancellationToken);

    public Task ForkAsync(string snapshotId, string newId, CancellationToken cancellationToken) => snapshots.ForkAsync(snapshotId, newId, cancellationToken);

    private WorkspaceFileSystem Open(string id) =>
        (engine.Find(id) ?? throw new CliFailureException(ExitCodes.Failure, $"no sandbox named {id} under {engine.DataRoot}.")).Files;

    internal static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KB",
        _ => $"{bytes / (1024.0 * 1024):0.0} MB",
    };
}
