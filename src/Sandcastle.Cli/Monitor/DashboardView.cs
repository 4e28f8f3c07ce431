using Spectre.Console;
using Spectre.Console.Rendering;

namespace Sandcastle.Cli.Monitor;

/// <summary>Lays a snapshot out: status header, sandboxes table, stats table, the selected sandbox, notes, keys.</summary>
public static class DashboardView
{
    private static readonly string[] PreferredColumns = ["id", "tenant", "state", "createdAt", "lastUsedAt", "runningProcesses", "contexts", "memoryBytes", "cpuSeconds"];

    public static IRenderable Render(DashboardSnapshot snapshot, int? selected, bool interactive)
    {
        var parts = new List<IRenderable>
        {
            new Markup($"[bold]Sandcastle[/] {Markup.Escape(snapshot.Target)}  status: {Markup.Escape(snapshot.Status)}"
                + (snapshot.Version is null ? "" : $"  version: {Markup.Escape(snapshot.Version)}")
                + $"  [grey]{snapshot.TakenAt:HH:mm:ss}[/]"),
            Sandboxes(snapshot),
        };
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
