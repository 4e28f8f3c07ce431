using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Sandcastle.Cli.Hosting;
using Sandcastle.Cli.Remote;
using Sandcastle.Cli.Rendering;
using Sandcastle.Cli.Running;
using Sandcastle.Client;
using Sandcastle.Sandbox;
using Spectre.Console;

namespace Sandcastle.Cli.Monitor;

/// <summary>
/// The seed's monitor.ts job: one health check and one request, then where the time went (health, generation,
/// execution, total), tokens and memory, as a table.
/// </summary>
public sealed class OneShotMonitor(Terminal terminal, HttpClient http)
{
    public async Task<int> RunAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        var (healthStatus, healthTime) = settings.Server is { } server
            ? await RemoteServer.GuardAsync(server, () => CheckServerAsync(RemoteServer.Connect(server, http, settings.ServerApiKey), cancellationToken), cancellationToken)
            : await CheckEngineAsync(cancellationToken);

        var clock = Stopwatch.StartNew();
        IRunBackend backend = settings.Server is null ? new EmbeddedRunBackend() : new ServerRunBackend(http);
        var run = new PreparedRun(settings.Prompt, null, ModelAliases.Resolve(settings.Model), [], []);
        var outcome = await backend.RunAsync(run, settings, new SilentRunObserver(), cancellationToken);
        var measured = clock.ElapsedMilliseconds;
        var r = outcome.Response;

        using var process = Process.GetCurrentProcess();
        var table = new Table().Border(TableBorder.Rounded).Title("Sandcastle monitor").AddColumn("Step").AddColumn(new TableColumn("Time").RightAligned()).AddColumn("Detail");
        table.AddRow("Health check", Ms(healthTime.TotalMilliseconds), Markup.Escape(healthStatus));
        table.AddRow("Generation", Ms(r.GenerationMs), Markup.Escape($"{r.Model}, {r.Attempts.Count} attempt(s)"));
        table.AddRow("Execution", Ms(r.ExecutionMs), Markup.Escape($"{r.Language}, {RunSummary.Describe(r.Reason, r.ExitCode)}"));
        table.AddRow("Total", Ms(measured), Markup.Escape($"server-side {r.ExecutionTime} ms"));
        table.AddEmptyRow();
        table.AddRow("Tokens", "", Markup.Escape($"{r.Usage.InputTokens} in / {r.Usage.OutputTokens} out"));
        table.AddRow("Memory", "", Markup.Escape($"client working set {Mb(process.WorkingSet64)} (peak {Mb(process.PeakWorkingSet64)}), GC heap {Mb(GC.GetTotalMemory(false))}"));
        table.AddRow("Result", "", r.Success ? "[green]success[/]" : "[red]failed[/]");
        table.AddRow("Answer", "", Markup.Escape(FirstLine(r.Output)));
        terminal.Out.Write(table);
        if (r.Success)
            return ExitCodes.Success;
        terminal.Fail($"the request failed: {RunSummary.Describe(r.Reason, r.ExitCode)}.");
        return ExitCodes.Failure;
    }

    private static async Task<(string, TimeSpan)> CheckServerAsync(SandcastleClient client, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var health = await client.GetHealthAsync(cancellationToken);
        return ($"{health.Status} (HTTP {health.StatusCode}) at {client.Server}", clock.Elapsed);
    }

    private static async Task<(string, TimeSpan)> CheckEngineAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var services = CliServices.Build();
        var health = await services.GetRequiredService<SandboxEngine>().CheckAsync(cancellationToken);
        var status = health.Usable ? $"healthy (embedded, cgroup {health.CgroupVersion})" : $"unhealthy: {health.Problem}";
        return (status, clock.Elapsed);
    }

    private static string Ms(double milliseconds) => $"{milliseconds:0} ms";

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024):0.0} MB";

    private static string FirstLine(string output)
    {
        var line = output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        return line.Length <= 80 ? line : line[..77] + "...";
    }
}
