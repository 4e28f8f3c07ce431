using Spectre.Console;
using Spectre.Console.Rendering;

namespace Sandcastle.Cli.Monitor;

/// <summary>Lays a snapshot out: status header, sandboxes table, stats table, the selected sandbox, notes, keys.</summary>
public static class DashboardView
{
    // Most telling first: at 80 columns the ones that do not fit are dropped from the end.
    private static readonly string[] PreferredColumns = ["id", "state", "runningProcesses", "memoryBytes", "lastUsedAt", "cpuSeconds", "contexts", "createdAt", "tenant", "size", "workspace", "created"];

    private const int MaxRecentRows = 10;

    // Column title and how to read it from a row of /v1/stats's runningExecutions or recentExecutions.
    private static readonly (string Title, Func<IReadOnlyDictionary<string, string>, string> Read)[] RunningColumns =
    [
        ("sandbox", r => r.GetValueOrDefault("sandboxId", "-")),
        ("what", What),
        ("elapsed", r => Milliseconds(r.GetValueOrDefault("elapsedMs"))),
        ("kind", r => r.GetValueOrDefault("kind", "-")),
        ("started", r => Time(r.GetValueOrDefault("startedAt"))),
    ];

    // A row of /v1/stats's agents.running: one Claude Code run and what it has used so far.
    private static readonly (string Title, Func<IReadOnlyDictionary<string, string>, string> Read)[] AgentColumns =
    [
        ("sandbox", r => r.GetValueOrDefault("sandbox", "-")),
        ("turns", r => r.TryGetValue("maxTurns", out var max) ? $"{r.GetValueOrDefault("turns", "0")}/{max}" : r.GetValueOrDefault("turns", "0")),
        ("tokens in/out", r => $"{r.GetValueOrDefault("inputTokens", "0")}/{r.GetValueOrDefault("outputTokens", "0")}"),
        ("started", r => Time(r.GetValueOrDefault("startedAt"))),
    ];

    private static readonly (string Title, Func<IReadOnlyDictionary<string, string>, string> Read)[] RecentColumns =
    [
        ("finished", r => Time(r.GetValueOrDefault("finishedAt"))),
        ("sandbox", r => r.GetValueOrDefault("sandboxId", "-")),
        ("result", Result),
        ("what", What),
        ("execution", r => Milliseconds(r.GetValueOrDefault("executionMs"))),
        ("generation", r => Milliseconds(r.GetValueOrDefault("generationMs"))),
        ("tokens in/out", r => r.GetValueOrDefault("kind") == "execute" ? $"{r.GetValueOrDefault("inputTokens", "0")}/{r.GetValueOrDefault("outputTokens", "0")}" : "-"),
        ("kind", r => r.GetValueOrDefault("kind", "-")),
    ];

    private static readonly (string Title, Func<IReadOnlyDictionary<string, string>, string> Read)[] NodeColumns =
    [
        ("node", r => r.GetValueOrDefault("name", "-")),
        ("sandboxes", r => r.GetValueOrDefault("sandboxes", "0")),
        ("cpu/core", r => r.GetValueOrDefault("cpu", "-")),
        ("memory", r => double.TryParse(r.GetValueOrDefault("memory"), System.Globalization.CultureInfo.InvariantCulture, out var m) ? $"{m:P0}" : "-"),
        ("state", r => r.GetValueOrDefault("draining") == "true" ? "draining" : "serving"),
        ("address", r => r.GetValueOrDefault("httpAddress", "-")),
    ];

    public static IRenderable Render(DashboardSnapshot snapshot, int? selected, bool interactive, int width = 200)
    {
        var parts = new List<IRenderable>
        {
            new Markup($"[bold]Sandcastle[/] {Markup.Escape(snapshot.Target)}  status: {Markup.Escape(snapshot.Status)}"
                + (snapshot.Version is null ? "" : $"  version: {Markup.Escape(snapshot.Version)}")
                + $"  [grey]{snapshot.TakenAt:HH:mm:ss}[/]"),
            Sandboxes(snapshot, width),
        };
        if (snapshot.Nodes.Count > 0)
            parts.Add(Executions($"Cluster nodes ({snapshot.Nodes.Count})", snapshot.Nodes, NodeColumns, width));
        if (snapshot.Running.Count > 0)
            parts.Add(Executions($"Running executions ({snapshot.Running.Count})", snapshot.Running, RunningColumns, width));
        if (snapshot.Agents.Count > 0)
            parts.Add(Executions($"Agent runs ({snapshot.Agents.Count})", snapshot.Agents, AgentColumns, width));
        if (snapshot.Recent.Count > 0)
            parts.Add(Executions($"Recent executions ({snapshot.Recent.Count})", snapshot.Recent.Take(MaxRecentRows).ToList(), RecentColumns, width));
        if (snapshot.Stats.Count > 0)
        {
            var stats = new Table().Title("Stats").Border(TableBorder.Rounded).AddColumn("Metric").AddColumn("Value");
            foreach (var (key, value) in snapshot.Stats.Take(30))
                stats.AddRow(Markup.Escape(HumanFields.Title(key)), Markup.Escape(HumanFields.Value(key, value, snapshot.TakenAt)));
            parts.Add(stats);
        }
        if (selected is { } index && index < snapshot.Sandboxes.Count)
        {
            var detail = new Table().Title($"Sandbox {Markup.Escape(snapshot.Sandboxes[index].GetValueOrDefault("id", "?"))}").Border(TableBorder.Rounded).AddColumn("Field").AddColumn("Value");
            foreach (var (key, value) in snapshot.Sandboxes[index])
                detail.AddRow(Markup.Escape(HumanFields.Title(key)), Markup.Escape(HumanFields.Value(key, value, snapshot.TakenAt)));
            parts.Add(detail);
        }
        foreach (var note in snapshot.Notes)
            parts.Add(new Markup($"[grey]{Markup.Escape(note)}[/]"));
        if (interactive)
            parts.Add(new Markup("[grey]q quit · 1-9 show a sandbox · 0 hide it · r refresh now[/]"));
        return new Rows(parts);
    }

    private static Table Executions(
        string title, IReadOnlyList<IReadOnlyDictionary<string, string>> rows, (string Title, Func<IReadOnlyDictionary<string, string>, string> Read)[] columns, int width)
    {
        var cells = rows.Select(row => columns.Select(c => c.Read(row)).ToList()).ToList();
        var kept = Fit([.. columns.Select((c, i) => (c.Title, cells.Select(r => r[i])))], width);
        var table = new Table().Title(Markup.Escape(title)).Border(TableBorder.Rounded);
        foreach (var i in kept)
            table.AddColumn(Markup.Escape(columns[i].Title));
        foreach (var row in cells)
            table.AddRow([.. kept.Select(i => Markup.Escape(row[i]))]);
        return table;
    }

    /// <summary>The columns, in order of importance, that fit in <paramref name="width"/> (the first always).</summary>
    private static List<int> Fit(IReadOnlyList<(string Title, IEnumerable<string> Values)> columns, int width)
    {
        var kept = new List<int>();
        var used = 1;
        for (var i = 0; i < columns.Count; i++)
        {
            // Each column takes its widest cell, a space either side and a border.
            var needed = columns[i].Values.Append(columns[i].Title).Max(v => v.Length) + 3;
            if (kept.Count > 0 && used + needed > width)
                break;
            kept.Add(i);
            used += needed;
        }
        return kept;
    }

    private static string What(IReadOnlyDictionary<string, string> row)
    {
        var text = row.GetValueOrDefault("question") is { } question and not "-" ? question : row.GetValueOrDefault("command", "-");
        text = text.ReplaceLineEndings(" ");
        return text.Length <= 40 ? text : text[..39] + "…";
    }

    private static string Result(IReadOnlyDictionary<string, string> row)
    {
        var success = row.GetValueOrDefault("success") == "true";
        var reason = row.GetValueOrDefault("reason", "-");
        var exit = row.GetValueOrDefault("exitCode", "-");
        return (success ? "ok" : "failed") + (reason == "exited" ? $" (exit {exit})" : $" ({reason})");
    }

    private static string Milliseconds(string? value) => value is null or "-" ? "-" : $"{value} ms";

    private static string Time(string? value) =>
        DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var at) ? at.ToLocalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) : "-";

    private static Table Sandboxes(DashboardSnapshot snapshot, int width)
    {
        var present = snapshot.Sandboxes.SelectMany(r => r.Keys).ToHashSet(StringComparer.Ordinal);
        var candidates = PreferredColumns.Where(present.Contains).ToList();
        if (candidates.Count == 0)
            candidates.Add("id");
        var cells = snapshot.Sandboxes.Select(row => candidates.Select(c => HumanFields.Value(c, row.GetValueOrDefault(c, "-"), snapshot.TakenAt)).ToList()).ToList();
        // "#" takes 4 columns of its own.
        var columns = Fit([.. candidates.Select((c, i) => (HumanFields.Title(c), cells.Select(r => r[i])))], width - 4);
        var table = new Table().Title($"Sandboxes ({snapshot.Sandboxes.Count})").Border(TableBorder.Rounded).AddColumn("#");
        foreach (var column in columns)
            table.AddColumn(Markup.Escape(HumanFields.Title(candidates[column])));
        for (var i = 0; i < snapshot.Sandboxes.Count; i++)
            table.AddRow([(i + 1).ToString(), .. columns.Select(c => Markup.Escape(cells[i][c]))]);
        if (snapshot.Sandboxes.Count == 0)
            table.AddRow(["", .. columns.Select((_, i) => i == 0 ? "(none)" : "")]);
        return table;
    }
}
