using Sandcastle.Client;

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
}
