using System.Runtime.CompilerServices;
using Sandcastle.Sessions.Execution;

namespace Sandcastle.Server.Observability;

/// <summary>
/// Follows an exec's event stream into the journal: running from its start event, ended by its last one. The end is
/// written before the last event is passed on, so a caller that answers at once (and disposes the stream later)
/// already finds the execution among the recent ones.
/// </summary>
public static class ExecJournaling
{
    public static async IAsyncEnumerable<ExecStreamEvent> JournalAsync(
        this IAsyncEnumerable<ExecStreamEvent> events,
        ExecutionJournal journal,
        string tenant,
        string sandboxId,
        string command,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Begun only once the process started: a refused exec (unknown sandbox, bad input) never ran.
        StartedExecution? started = null;
        ExecutionEnd? end = null;
        try
        {
            await foreach (var item in events.WithCancellation(cancellationToken))
            {
                switch (item)
                {
                    case ExecStarted:
                        started ??= journal.Begin(tenant, ExecutionKinds.Exec, sandboxId, "bash", command: command);
                        break;
                    case ExecFinished { Outcome: var outcome }:
                        end = End(outcome);
                        break;
                    case ExecFailed { Outcome: { } outcome }:
                        end = End(outcome);
                        break;
                    case ExecFailed:
                        end = ExecutionEnd.Abandoned(cancelled: false);
                        break;
                }
                if (started is not null && end is not null)
                    journal.Finish(started, end); // a second Finish (from finally) is ignored
                yield return item;
            }
        }
        finally
        {
            if (started is not null)
                journal.Finish(started, end ?? ExecutionEnd.Abandoned(cancelled: true));
        }
    }

    private static ExecutionEnd End(ExecOutcome outcome) =>
        new(outcome.Success, outcome.ExitCode, outcome.Reason, 0, (long)outcome.DurationMs);
}
