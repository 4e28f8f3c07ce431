using Sandcastle.Client;
using Sandcastle.Client.Sandboxes;

namespace Sandcastle.Cli.Sandboxes;

/// <summary>A server's sandboxes through its /v1/sandboxes API, with the client library.</summary>
public sealed class ServerSandboxAdmin(SandcastleClient client) : ISandboxAdmin
{
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await client.ListSandboxesAsync(cancellationToken)).Select(s => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
        {
            ["id"] = s.Id,
            ["created"] = s.CreatedAt.ToString("u"),
            ["last used"] = s.LastUsedAt.ToString("u"),
            ["processes"] = s.RunningProcesses?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        })];

    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteSandboxAsync(id, cancellationToken);
            return true;
        }
        catch (SandcastleApiException e) when (e.StatusCode == 404)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<SandboxFileRow>?> ListFilesAsync(string id, string path, bool recursive, CancellationToken cancellationToken)
    {
        var sandbox = await client.OpenSandboxAsync(id, cancellationToken);
        try
        {
            return [.. (await sandbox.ListFilesAsync(path, recursive, cancellationToken)).Select(e => new SandboxFileRow(e.Path, e.Type, e.Size, e.ModifiedAt))];
        }
        catch (SandcastleApiException e) when (e.Code == "not_a_directory")
        {
            return null;
        }
    }

    public async Task CopyFileAsync(string id, string path, Stream destination, CancellationToken cancellationToken) =>
        await (await client.OpenSandboxAsync(id, cancellationToken)).CopyFileToAsync(path, destination, cancellationToken);

    public async Task WriteFileAsync(string id, string path, Stream content, CancellationToken cancellationToken)
    {
        // The sandbox is created when there is none; an existing one keeps its settings.
        var sandbox = await client.GetSandboxAsync(id, cancellationToken);
        await sandbox.WriteFileAsync(path, content, cancellationToken);
    }

    public async Task<IReadOnlyList<(string Process, string Status, string Stdout, string Stderr)>> LogsAsync(string id, string? process, CancellationToken cancellationToken)
    {
        var sandbox = await client.OpenSandboxAsync(id, cancellationToken);
        var ids = process is not null ? [process] : (await sandbox.ListProcessesAsync(cancellationToken)).Select(p => p.Id).ToList();
        var logs = new List<(string, string, string, string)>();
        foreach (var processId in ids)
        {
            var log = await sandbox.GetProcessLogsAsync(processId, cancellationToken);
            logs.Add((processId, log.Status, log.Stdout, log.Stderr));
        }
        return logs;
    }

    public async Task<SnapshotRow> SnapshotAsync(string id, CancellationToken cancellationToken) =>
        Row(await (await client.OpenSandboxAsync(id, cancellationToken)).CreateSnapshotAsync(cancellationToken));

    public async Task<IReadOnlyList<SnapshotRow>> ListSnapshotsAsync(string id, CancellationToken cancellationToken) =>
        [.. (await (await client.OpenSandboxAsync(id, cancellationToken)).ListSnapshotsAsync(cancellationToken)).Select(Row)];

    public async Task RestoreAsync(string id, string snapshotId, CancellationToken cancellationToken) =>
        await (await client.OpenSandboxAsync(id, cancellationToken)).RestoreSnapshotAsync(snapshotId, cancellationToken);

    public async Task ForkAsync(string snapshotId, string newId, CancellationToken cancellationToken) =>
        await client.ForkSandboxAsync(snapshotId, newId, cancellationToken);

    private static SnapshotRow Row(SnapshotInfo snapshot) => new(snapshot.Id, snapshot.SandboxId, snapshot.Size, snapshot.CreatedAt);
}
