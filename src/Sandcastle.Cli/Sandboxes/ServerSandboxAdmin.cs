using System.Text;
using System.Text.Json.Nodes;
using Sandcastle.Cli.Monitor;
using Sandcastle.Cli.Remote;

namespace Sandcastle.Cli.Sandboxes;

/// <summary>A server's sandboxes through its /v1/sandboxes API.</summary>
public sealed class ServerSandboxAdmin(SandcastleClient client) : ISandboxAdmin
{
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> ListAsync(CancellationToken cancellationToken)
    {
        var (json, _, _) = await client.GetAsync("/v1/sandboxes", cancellationToken);
        var list = json as JsonArray ?? json?["sandboxes"] as JsonArray ?? throw NotOffered();
        return [.. list.OfType<JsonObject>().Select(item => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
        {
            ["id"] = JsonFlattener.Scalar(item["id"]),
            ["created"] = JsonFlattener.Scalar(item["createdAt"]),
            ["last used"] = JsonFlattener.Scalar(item["lastUsedAt"]),
            ["processes"] = JsonFlattener.Scalar(item["runningProcesses"]),
        })];
    }

    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteAsync($"/v1/sandboxes/{Uri.EscapeDataString(id)}", cancellationToken);
            return true;
        }
        catch (CliFailureException e) when (e.HttpStatus == 404)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<SandboxFileRow>?> ListFilesAsync(string id, string path, bool recursive, CancellationToken cancellationToken)
    {
        var (body, contentType) = await client.GetBytesAsync(FilesPath(id, path) + (recursive ? "?recursive=true" : ""), cancellationToken);
        if (contentType != "application/json" || JsonNode.Parse(body) is not JsonObject { } listing || listing["entries"] is not JsonArray entries)
            return null;
        return [.. entries.OfType<JsonObject>().Select(e => new SandboxFileRow(
            JsonFlattener.Scalar(e["path"]), JsonFlattener.Scalar(e["type"]), e["size"]?.GetValue<long>() ?? 0,
            e["modifiedAt"]?.GetValue<DateTimeOffset>() ?? default))];
    }

    public async Task CopyFileAsync(string id, string path, Stream destination, CancellationToken cancellationToken)
    {
        var (body, _) = await client.GetBytesAsync(FilesPath(id, path), cancellationToken);
        await destination.WriteAsync(body, cancellationToken);
    }

    public async Task WriteFileAsync(string id, string path, Stream content, CancellationToken cancellationToken)
    {
        // PUT /v1/sandboxes/{id} with no body creates the sandbox or leaves an existing one as it is.
        await client.PutJsonAsync($"/v1/sandboxes/{Uri.EscapeDataString(id)}", new JsonObject(), cancellationToken);
        await client.PutStreamAsync(FilesPath(id, path), content, cancellationToken);
    }

    public async Task<IReadOnlyList<(string Process, string Status, string Stdout, string Stderr)>> LogsAsync(string id, string? process, CancellationToken cancellationToken)
    {
        var root = $"/v1/sandboxes/{Uri.EscapeDataString(id)}/processes";
        var ids = new List<string>();
        if (process is not null)
        {
            ids.Add(process);
        }
        else
        {
            var (json, _, _) = await client.GetAsync(root, cancellationToken);
            var list = json as JsonArray ?? json?["processes"] as JsonArray ?? throw NotOffered();
            ids.AddRange(list.OfType<JsonObject>().Select(p => JsonFlattener.Scalar(p["id"])));
        }
        var logs = new List<(string, string, string, string)>();
        foreach (var processId in ids)
        {
            var (json, _, _) = await client.GetAsync($"{root}/{Uri.EscapeDataString(processId)}/logs", cancellationToken);
            logs.Add((processId, JsonFlattener.Scalar(json?["status"]), json?["stdout"]?.GetValue<string>() ?? "", json?["stderr"]?.GetValue<string>() ?? ""));
        }
        return logs;
    }

    public async Task<SnapshotRow> SnapshotAsync(string id, CancellationToken cancellationToken) =>
        Snapshot(await client.SendJsonAsync(HttpMethod.Post, $"{SandboxPath(id)}/snapshots", null, cancellationToken) ?? throw NotOffered());

    public async Task<IReadOnlyList<SnapshotRow>> ListSnapshotsAsync(string id, CancellationToken cancellationToken)
    {
        var json = await client.SendJsonAsync(HttpMethod.Get, $"{SandboxPath(id)}/snapshots", null, cancellationToken);
        return [.. (json?["snapshots"] as JsonArray ?? throw NotOffered()).OfType<JsonObject>().Select(Snapshot)];
    }

    public Task RestoreAsync(string id, string snapshotId, CancellationToken cancellationToken) =>
        client.SendJsonAsync(HttpMethod.Post, $"{SandboxPath(id)}/snapshots/{Uri.EscapeDataString(snapshotId)}/restore", null, cancellationToken);

    public Task ForkAsync(string snapshotId, string newId, CancellationToken cancellationToken) =>
        client.SendJsonAsync(HttpMethod.Put, SandboxPath(newId), new JsonObject { ["fromSnapshot"] = snapshotId }, cancellationToken);

    private static SnapshotRow Snapshot(JsonNode json) => new(
        JsonFlattener.Scalar(json["id"]), JsonFlattener.Scalar(json["sandboxId"]),
        json["size"]?.GetValue<long>() ?? 0, json["createdAt"]?.GetValue<DateTimeOffset>() ?? default);

    private static string SandboxPath(string id) => $"/v1/sandboxes/{Uri.EscapeDataString(id)}";

    private static string FilesPath(string id, string path) =>
        $"/v1/sandboxes/{Uri.EscapeDataString(id)}/files/{string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString))}";

    private CliFailureException NotOffered() => new(ExitCodes.Failure,
        $"the server at {client.Server} offers no /v1/sandboxes API (an older server, or one without sessions).");
}
