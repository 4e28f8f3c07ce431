using System.Diagnostics;
using System.Text.Json.Nodes;
using Sandcastle.Client;

namespace Sandcastle.Cli.Monitor;

/// <summary>
/// Reads GET /, /health, /v1/stats and /v1/sandboxes; what a server does not offer becomes a note. /v1/stats's
/// sandboxes (with state and usage) are preferred to /v1/sandboxes's; its executions get tables of their own.
/// </summary>
public sealed class ServerDashboardSource(SandcastleClient client) : IDashboardSource
{
    /// <summary>A failed read is a <see cref="CliFailureException"/>, which the live dashboard shows and keeps watching through.</summary>
    public Task<DashboardSnapshot> ReadAsync(CancellationToken cancellationToken) =>
        Remote.RemoteServer.GuardAsync(client.Server, () => ReadOnceAsync(cancellationToken), cancellationToken);

    private async Task<DashboardSnapshot> ReadOnceAsync(CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var clock = Stopwatch.StartNew();
        var checkup = await client.GetHealthAsync(cancellationToken);
        var elapsed = clock.Elapsed;
        var health = checkup.Report;
        var (service, _) = await GetAsync("/", cancellationToken);
        var healthText = $"{checkup.Status} (HTTP {checkup.StatusCode}, {elapsed.TotalMilliseconds:0} ms)";
        if (health?["sandbox"]?["problem"] is JsonValue problem)
            notes.Add($"sandbox: {problem}");

        var stats = new List<KeyValuePair<string, string>>();
        var (statsJson, _) = await GetAsync("/v1/stats", cancellationToken);
        if (statsJson is null)
            notes.Add("/v1/stats is not offered by this server.");
        var running = Rows(statsJson?["runningExecutions"]);
        var recent = Rows(statsJson?["recentExecutions"]);
        var agents = Rows(statsJson?["agents"]?["running"]);
        var nodes = Rows(statsJson?["cluster"]?["nodes"]);
        if (statsJson?["cluster"]?["unanswered"] is JsonArray { Count: > 0 } unanswered)
            notes.Add($"Nodes not answering: {string.Join(", ", unanswered)} (their part is missing).");
        var statsSandboxes = statsJson?["sandboxes"] as JsonArray;
        if (statsJson is JsonObject statsObject)
        {
            foreach (var (key, value) in statsObject)
            {
                if (key is "agents" && value is JsonObject agentStats)
                    stats.AddRange(agentStats.Where(a => a.Key != "running").SelectMany(a => JsonFlattener.Flatten(a.Value, "agents." + a.Key)));
                else if (key is "cluster" && value?["node"] is { } node)
                    stats.Add(new("cluster.node", node.ToString()));
                else if (key is not ("sandboxes" or "runningExecutions" or "recentExecutions" or "cluster"))
                    stats.AddRange(JsonFlattener.Flatten(value, key));
            }
        }
        if (health?["model"] is JsonObject model)
            stats.InsertRange(0, JsonFlattener.Flatten(model, "model"));

        var rows = Rows(statsSandboxes);
        if (statsSandboxes is null)
        {
            var (sandboxes, sandboxStatus) = await GetAsync("/v1/sandboxes", cancellationToken);
            var list = sandboxes as JsonArray ?? sandboxes?["sandboxes"] as JsonArray;
            if (list is null)
                notes.Add(sandboxStatus == 401 ? "/v1/sandboxes needs an API key (SANDCASTLE_API_KEY)." : "/v1/sandboxes is not offered by this server.");
            rows = Rows(list);
        }
        return new DashboardSnapshot(client.Server.ToString(), healthText, service?["version"]?.GetValue<string>(), rows, stats, notes, DateTimeOffset.Now)
        {
            Running = running,
            Agents = agents,
            Nodes = nodes,
            Recent = recent,
        };
    }

    /// <summary>A path's JSON, or null with the status when this server does not offer it (404, 405) or wants a key (401).</summary>
    private async Task<(JsonNode? Json, int Status)> GetAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.GetJsonAsync(path, cancellationToken), 200);
        }
        catch (SandcastleApiException e) when (e.StatusCode is 401 or 404 or 405)
        {
            return (null, e.StatusCode);
        }
    }

    private static List<IReadOnlyDictionary<string, string>> Rows(JsonNode? array) =>
        [.. (array as JsonArray ?? []).OfType<JsonObject>().Select(item => (IReadOnlyDictionary<string, string>)JsonFlattener.Flatten(item).ToDictionary(p => p.Key, p => p.Value))];
}
