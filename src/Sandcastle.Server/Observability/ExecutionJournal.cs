namespace Sandcastle.Server.Observability;

/// <summary>
/// What runs now and the last <see cref="Capacity"/> executions that ended, in memory (a restart forgets them:
/// this feeds a dashboard, it is not an audit log). Every end is also counted in <see cref="SandcastleMetrics"/>.
/// </summary>
public sealed class ExecutionJournal
{
    public const int Capacity = 50;

    /// <summary>Questions and commands are cut to this many characters: the journal must stay small.</summary>
    public const int MaxTextLength = 200;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, StartedExecution> _running = new(StringComparer.Ordinal);
    private readonly LinkedList<RecentExecution> _recent = new();
    private readonly SandcastleMetrics _metrics;
    private readonly TimeProvider _time;
    private long _lastId;

    public ExecutionJournal(SandcastleMetrics metrics, TimeProvider time)
    {
        _metrics = metrics;
        _time = time;
        metrics.ObserveRunningExecutions(() => RunningCount);
    }

    public int RunningCount
    {
        get
        {
            lock (_gate)
                return _running.Count;
        }
    }

    public StartedExecution Begin(string tenant, string kind, string sandboxId, string? language, string? question = null, string? command = null)
    {
        var started = new StartedExecution(
            $"x{Interlocked.Increment(ref _lastId)}", tenant, kind, sandboxId, language, Cut(question), Cut(command), _time.GetUtcNow());
        lock (_gate)
            _running[started.Id] = started;
        return started;
    }

    /// <summary>Moves the execution to the recent ones and counts it; a second call for the same one is ignored.</summary>
    public void Finish(StartedExecution started, ExecutionEnd end)
    {
        var now = _time.GetUtcNow();
        var finished = new RecentExecution(
            started.Id, started.Tenant, started.Kind, started.SandboxId, started.Language, started.Question, started.Command,
            end.Success, end.ExitCode, end.Reason, end.Model, end.GenerationMs, end.ExecutionMs,
            (long)(now - started.StartedAt).TotalMilliseconds, end.InputTokens, end.OutputTokens, started.StartedAt, now);
        lock (_gate)
        {
            if (!_running.Remove(started.Id))
                return;
            _recent.AddFirst(finished);
            if (_recent.Count > Capacity)
                _recent.RemoveLast();
        }
        _metrics.Record(finished);
    }

    /// <summary>The tenant's running executions, oldest first.</summary>
    public IReadOnlyList<RunningExecution> Running(string tenant)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            return [.. _running.Values.Where(e => e.Tenant == tenant).OrderBy(e => e.StartedAt)
                .Select(e => new RunningExecution(e.Id, e.Kind, e.SandboxId, e.Language, e.Question, e.Command, e.StartedAt,
                    (long)(now - e.StartedAt).TotalMilliseconds))];
        }
    }

    /// <summary>The tenant's finished executions among the last <see cref="Capacity"/>, newest first.</summary>
    public IReadOnlyList<RecentExecution> Recent(string tenant)
    {
        lock (_gate)
            return [.. _recent.Where(e => e.Tenant == tenant)];
    }

    private static string? Cut(string? text) =>
        text is null || text.Length <= MaxTextLength ? text : string.Concat(text.AsSpan(0, MaxTextLength - 1), "…");
}
