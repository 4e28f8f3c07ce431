using System.Text.Json.Nodes;
using Sandcastle.Cli.Remote;

namespace Sandcastle.Cli.Monitor;

/// <summary>Reads GET /, /health, /v1/stats and /v1/sandboxes; what a server does not offer becomes a note.</summary>
public sealed class ServerDashboardSource(SandcastleClient client) : IDashboardSource
{
    public async Task<DashboardSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var (health, status, elapsed) = await client.GetAsync("/health", cancellationToken);
        var (service, _, _) = await client.GetAsync("/", cancellationToken);
        var healthText = $"{health?["status"]?.GetValue<string>() ?? "unknown"} (HTTP {status}, {elapsed.TotalMilliseconds:0} ms)";
        if (health?["sandbox"]?["problem"] is JsonValue problem)
            notes.Add($"sandbox: {problem}");

        var stats = new List<KeyValuePair<string, string>>();
        var (statsJson, _, _) = await client.GetAsync("/v1/stats", cancellationToken);
        if (statsJson is null)
            notes.Add("/v1/stats is not offered by this server.");
        else
            stats.AddRange(JsonFlattener.Flatten(statsJson));
        if (health?["model"] is JsonObject model)
            stats.InsertRange(0, JsonFlattener.Flatten(model, "model"));

        var rows = new List<IReadOnlyDictionary<string, string>>();
        var (sandboxes, sandboxStatus, _) = await client.GetAsync("/v1/sandboxes", cancellationToken);
        var list = sandboxes as JsonArray ?? sandboxes?["sandboxes"] as JsonArray;
        if (list is null)
            notes.Add(sandboxStatus == 401 ? "/v1/sandboxes needs an API key (SANDCASTLE_API_KEY)." : "/v1/sandboxes is not offered by this server.");
        foreach (var item in list ?? [])
        {
            if (item is JsonObject sandbox)
                rows.Add(JsonFlattener.Flatten(sandbox).ToDictionary(p => p.Key, p => p.Value));
        }
        return new DashboardSnapshot(client.Server.ToString(), healthText, service?["version"]?.GetValue<string>(), rows, stats, notes, DateTimeOffset.Now);
    }
}
