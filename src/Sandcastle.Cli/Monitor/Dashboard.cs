using Sandcastle.Cli.Rendering;
using Spectre.Console;

namespace Sandcastle.Cli.Monitor;

/// <summary>
/// The live dashboard: a table redrawn in place every interval, q to quit, digits to pick a sandbox.
/// Not on a terminal it prints one snapshot and ends, so it can be scripted.
/// </summary>
public sealed class Dashboard(Terminal terminal, IDashboardSource source)
{
    public async Task<int> RunAsync(bool once, TimeSpan interval, CancellationToken cancellationToken, bool json = false)
    {
        if (json)
        {
            // Raw fields and values, for scripts: the table's human units are for people.
            var shot = await source.ReadAsync(cancellationToken);
            terminal.StandardOutput.WriteLine(System.Text.Json.JsonSerializer.Serialize(new
            {
                target = shot.Target,
                status = shot.Status,
                version = shot.Version,
                takenAt = shot.TakenAt,
                sandboxes = shot.Sandboxes,
                running = shot.Running,
                recent = shot.Recent,
                stats = shot.Stats.ToDictionary(p => p.Key, p => p.Value),
                notes = shot.Notes,
            }, Running.RunJson.Indented));
            return ExitCodes.Success;
        }
        var interactive = !once && terminal.OutputIsTerminal && terminal.InputIsTerminal;
        if (!interactive)
        {
            terminal.Out.Write(DashboardView.Render(await source.ReadAsync(cancellationToken), null, interactive: false, terminal.Out.Profile.Width));
            return ExitCodes.Success;
        }

        int? selected = null;
        var snapshot = await ReadSafelyAsync(null, cancellationToken);
        await terminal.Out.Live(DashboardView.Render(snapshot, selected, true, terminal.Out.Profile.Width)).AutoClear(false).Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async context =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    context.UpdateTarget(DashboardView.Render(snapshot, selected, true, terminal.Out.Profile.Width));
                    context.Refresh();
                    var key = await WaitForKeyAsync(interval, cancellationToken);
                    if (key is 'q' or 'Q' or '\u001b')
                        return;
                    if (key is >= '0' and <= '9')
                        selected = key == '0' ? null : key - '1';
                    snapshot = await ReadSafelyAsync(snapshot, cancellationToken);
                }
            });
        return ExitCodes.Success;
    }

    private async Task<DashboardSnapshot> ReadSafelyAsync(DashboardSnapshot? previous, CancellationToken cancellationToken)
    {
        try
        {
            return await source.ReadAsync(cancellationToken);
        }
        catch (CliFailureException e)
        {
            // A dashboard keeps watching through an outage: show it instead of exiting.
            return (previous ?? new DashboardSnapshot("", "", null, [], [], [], DateTimeOffset.Now)) with
            {
                Status = $"unreachable: {e.Message}",
                TakenAt = DateTimeOffset.Now,
            };
        }
    }

    /// <summary>The key pressed before the interval ended, or null.</summary>
    private static async Task<char?> WaitForKeyAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + interval;
        while (DateTime.UtcNow < deadline)
        {
            if (Console.KeyAvailable)
                return Console.ReadKey(intercept: true).KeyChar;
            await Task.Delay(50, cancellationToken);
        }
        return null;
    }
}
