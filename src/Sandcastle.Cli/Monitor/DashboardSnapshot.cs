namespace Sandcastle.Cli.Monitor;

/// <summary>What the dashboard shows at one moment.</summary>
/// <param name="Target">The server URL, or "local engine".</param>
/// <param name="Status">healthy, unhealthy, unreachable...</param>
/// <param name="Version">The server's version, if it says.</param>
/// <param name="Sandboxes">One row per sandbox: field name to value, "id" first.</param>
/// <param name="Stats">Counters and timings the server offers, flattened.</param>
/// <param name="Notes">What could not be shown and why.</param>
public sealed record DashboardSnapshot(
    string Target,
    string Status,
    string? Version,
    IReadOnlyList<IReadOnlyDictionary<string, string>> Sandboxes,
    IReadOnlyList<KeyValuePair<string, string>> Stats,
    IReadOnlyList<string> Notes,
    DateTimeOffset TakenAt)
{
    /// <summary>Executions running now: field name to value (kind, sandboxId, question or command, elapsedMs...).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Running { get; init; } = [];

    /// <summary>Claude Code agent runs going on now: field name to value (sandbox, turns, inputTokens, outputTokens, startedAt...).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Agents { get; init; } = [];

    /// <summary>A cluster's live nodes (name, httpAddress, sandboxes, cpu, memory, draining); empty on a single node.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Nodes { get; init; } = [];

    /// <summary>Executions that ended, newest first: field name to value (timings, exit status, tokens...).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Recent { get; init; } = [];
}
