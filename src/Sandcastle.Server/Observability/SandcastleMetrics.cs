using System.Diagnostics.Metrics;
using TagList = System.Diagnostics.TagList;
using Sandcastle.Sandbox;

namespace Sandcastle.Server.Observability;

/// <summary>
/// The "Sandcastle" meter: what ran, how long generation and execution took, tokens spent, and what is busy now.
/// Exported at /metrics in Prometheus form (dots become underscores, counters get <c>_total</c>, seconds <c>_seconds</c>).
/// </summary>
public sealed class SandcastleMetrics
{
    public const string MeterName = "Sandcastle";

    // Programs and model calls take from milliseconds to minutes; the exporter's default buckets are sized for milliseconds.
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    };

    private readonly Meter _meter;
    private readonly Counter<long> _executions;
    private readonly Histogram<double> _executionDuration;
    private readonly Histogram<double> _generationDuration;
    private readonly Counter<long> _tokens;

    public SandcastleMetrics(IMeterFactory meters, SandboxEngine engine)
    {
        _meter = meters.Create(MeterName);
        _executions = _meter.CreateCounter<long>("sandcastle.executions", description: "Executions ended, by kind (execute, exec), language and reason.");
        _executionDuration = _meter.CreateHistogram("sandcastle.execution.duration", "s", "Time programs ran, per execution.", advice: Seconds);
        _generationDuration = _meter.CreateHistogram("sandcastle.generation.duration", "s", "Time waiting for the model, per /execute.", advice: Seconds);
        _tokens = _meter.CreateCounter<long>("sandcastle.tokens", description: "Model tokens, by direction (input, output).");
        _meter.CreateObservableGauge("sandcastle.sandboxes.active", () => engine.MeasureBusy().Count, description: "Sandboxes running at least one process.");
    }

    /// <summary>Reports <paramref name="count"/> as the running-executions gauge.</summary>
    public void ObserveRunningExecutions(Func<int> count) =>
        _meter.CreateObservableGauge("sandcastle.executions.active", count, description: "Executions running now (execute and exec).");

    public void Record(RecentExecution execution)
    {
        var tags = new TagList
        {
            { "kind", execution.Kind },
            { "language", execution.Language ?? "none" },
            { "reason", execution.Reason },
        };
        _executions.Add(1, tags);
        _executionDuration.Record(execution.ExecutionMs / 1000.0, tags);
        if (execution.Kind != ExecutionKinds.Execute)
            return;
        _generationDuration.Record(execution.GenerationMs / 1000.0, new TagList { { "language", execution.Language ?? "none" } });
        _tokens.Add(execution.InputTokens, new TagList { { "direction", "input" } });
        _tokens.Add(execution.OutputTokens, new TagList { { "direction", "output" } });
    }
}
