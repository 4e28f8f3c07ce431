using Spectre.Console;
using Spectre.Console.Rendering;

namespace Sandcastle.Cli.Monitor;

/// <summary>Lays a snapshot out: status header, sandboxes table, stats table, the selected sandbox, notes, keys.</summary>
public static class DashboardView
{
    private static readonly string[] PreferredColumns = ["id", "tenant", "state", "createdAt", "lastUsedAt", "runningProcesses", "contexts", "memoryBytes", "cpuSeconds"];

    private const int MaxRecentRows = 10;

    // Column title and how to read it from a row of /v1/stats's runningExecutions or recentExecutions.
    private static readonly (string Title, Func<IReadOnlyDictionary<string, string>, string> Read)[] RunningColumns =
    [
        ("kind", r => r.GetValueOrDefault("kind", "-")),
        ("sandbox", r => r.GetValueOrDefault("sandboxId", "-")),
        ("what", What),
        ("started", r => Time(r.GetValueOrDefault("startedAt"))),
        ("elapsed", r => Milliseconds(r.GetValueOrDefault("elapsedMs"))),
    ];

    private static readonly (string Title, Func<IReadOnlyDictionary<string, string>, string> Read)[] RecentColumns =
    [
        ("finished", r => Time(r.GetValueOrDefault("finishedAt"))),
        ("kind", r => r.GetValueOrDefault("kind", "-")),
        ("sandbox", r => r.GetValueOrDefault("sandboxId", "-")),
        ("what", What),
        ("result", Result),
        ("generation", r => Milliseconds(r.GetValueOrDefault("generationMs"))),
        ("execution", r => Milliseconds(r.GetValueOrDefault("executionMs"))),
        ("tokens in/out", r => r.GetValueOrDefault("kind") == "execute" ? $"{r.GetValueOrDefault("inputTokens", "0")}/{r.GetValueOrDefault("outputTokens", "0")}" : "-"),
    ];

    public static IRenderable Render(DashboardSnapshot snapshot, int? selected, bool interactive)
    {
        var parts = new List<IRenderable>
        {
            new Markup($"[bold]Sandcastle[/] {Markup.Escape(snapshot.Target)}  status: {Markup.Escape(snapshot.Status)}"
                + (snapshot.Version is null ? "" : $"  version: {Markup.Escape(snapshot.Version)}")
                + $"  [grey]{snapshot.TakenAt:HH:mm:ss}[/]"),
            Sandboxes(snapshot),
        };
        if (snapshot.Running.Count > 0)
            parts.Add(Executions($"Running executions ({snapshot.Running.Count})", snapshot.Running, RunningColumns));
        if (snapshot.Recent.Count > 0)
            parts.Add(Executions($"Recent executions ({snapshot.Recent.Count})", snapshot.Recent.Take(MaxRecentRows).ToList(), RecentColumns));
        if (snapshot.Stats.Count > 0)
        {
            var stats = new Table().Title("Stats").Border(TableBorder.Rounded).AddColumn("Metric").AddColumn("Value");
            foreach (var (key, value) in snapshot.Stats.Take(30))
                stats.AddRow(Markup.Escape(key), Markup.Escape(value));
            parts.Add(stats);
        }
        if (selected is { } index && index < snapshot.Sandboxes.Count)
        {
            var detail = new Table().Title($"Sandbox {Markup.Escape(snapshot.Sandboxes[index].GetValueOrDefault("id", "?"))}").Border(TableBorder.Rounded).AddColumn("Field").AddColumn("Value");
            foreach (var (key, value) in snapshot.Sandboxes[index])
                detail.AddRow(Markup.Escape(key), Markup.Escape(value));
            parts.Add(detail);
        }
        foreach (var note in snapshot.Notes)
            parts.Add(new Markup($"[grey]{Markup.Escape(note)}[/]"));
        if (interactive)
            parts.Add(new Markup("[grey]q quit · 1-9 show a sandbox · 0 hide it · r refresh now[/]"));
        return new Rows(parts);
    }

    private static Table Executions(
        string title, IReadOnlyList<IReadOnlyDictionary<string, string>> rows, (string Title, Func<IReadOnlyDictionary<string, string>, string> Read)[] columns)
    {
        var table = new Table().Title(Markup.Escape(title)).Border(TableBorder.Rounded);
        foreach (var (heading, _) in columns)
            table.AddColumn(Markup.Escape(heading));
        foreach (var row in rows)
            table.AddRow([.. columns.Select(c => Markup.Escape(c.Read(row)))]);
        return table;
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

    private static Table Sandboxes(DashboardSnapshot snapshot)
    {
        var present = snapshot.Sandboxes.SelectMany(r => r.Keys).ToHashSet(StringComparer.Ordinal);
        var columns = PreferredColumns.Where(present.Contains).ToList();
        if (columns.Count == 0)
            columns.Add("id");
        var table = new Table().Title($"Sandboxes ({snapshot.Sandboxes.Count})").Border(TableBorder.Rounded).AddColumn("#");
        foreach (var column in columns)
            table.AddColumn(Markup.Escape(column));
        for (var i = 0; i < snapshot.Sandboxes.Count; i++)
        {
            var row = snapshot.Sandboxes[i];
            table.AddRow([(i + 1).ToString(), .. columns.Select(c => Markup.Escape(row.GetValueOrDefault(c, "-")))]);
        }
        if (snapshot.Sandboxes.Count == 0)
            table.AddRow(["", .. columns.Select((_, i) => i == 0 ? "(none)" : "")]);
        return table;
    }
}
