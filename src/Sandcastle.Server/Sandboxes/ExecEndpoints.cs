using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Sandcastle.Server.Observability;
using Sandcastle.Server.Tenancy;
using Sandcastle.Sessions.Execution;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Sandboxes;

/// <summary>Runs a command in a sandbox: JSON when it has ended, or server-sent events as it runs.</summary>
internal static class ExecEndpoints
{
    public static async Task<IResult> Exec(string id, ExecBody body, HttpContext http, SandboxDirectory sandboxes, ExecutionJournal journal)
    {
        if (string.IsNullOrWhiteSpace(body.Command))
            return SandboxErrors.BadRequest("'command' is required.");
        var grain = sandboxes.Get(SandboxAddress.Create(Tenant.From(http).Id, id));
        var command = new ExecCommand
        {
            Command = body.Command,
            Environment = body.Env,
            WorkingDirectory = body.Cwd,
            TimeoutMs = body.TimeoutMs,
            Stdin = body.Stdin is null ? null : Encoding.UTF8.GetBytes(body.Stdin),
            SessionId = body.SessionId,
            NetworkAllow = body.Network is null ? null : body.Network.Allow ?? [],
        };
        var ct = http.RequestAborted;
        var events = grain.ExecAsync(command, ct).JournalAsync(journal, Tenant.From(http).Id, id, body.Command, ct);
        if (http.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
            return await GuardedStream.ServeAsync(events, e => ToEvent(e, body.Command), e => e is ExecFinished or ExecFailed, ct);
        return await CollectAsync(events, http.Response);
    }

    /// <summary>
    /// Answers as soon as the last event arrives. Closing the grain's stream (another grain call, which releases the
    /// process) waits until the response has gone: the exec is over by then, and the caller need not wait for it.
    /// </summary>
    private static async Task<IResult> CollectAsync(IAsyncEnumerable<ExecStreamEvent> events, HttpResponse response)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var enumerator = events.GetAsyncEnumerator();
        response.RegisterForDisposeAsync(enumerator);
        while (await enumerator.MoveNextAsync())
        {
            switch (enumerator.Current)
            {
                case ExecChunk { Stream: "stdout" } chunk: stdout.Append(chunk.Text); break;
                case ExecChunk chunk: stderr.Append(chunk.Text); break;
                case ExecFinished finished: return TypedResults.Ok(ExecResponse.From(finished.Outcome, stdout.ToString(), stderr.ToString()));
                case ExecFailed { Outcome: { } outcome }: return TypedResults.Ok(ExecResponse.From(outcome, stdout.ToString(), stderr.ToString()));
                case ExecFailed failed: return SandboxErrors.Create(StatusCodes.Status503ServiceUnavailable, "exec_failed", failed.Message);
            }
        }
        return SandboxErrors.Create(StatusCodes.Status503ServiceUnavailable, "exec_failed", "The execution ended without a result.");
    }

    private static StreamEvent ToEvent(ExecStreamEvent item, string command) => item switch
    {
        ExecStarted started => new StreamEvent("start") { Command = command, Pid = started.Pid, ExecutionId = started.ExecutionId },
        ExecChunk chunk => new StreamEvent(chunk.Stream) { Data = chunk.Text },
        ExecFinished { Outcome: var o } => new StreamEvent("complete")
        {
            Success = o.Success, ExitCode = o.ExitCode, Reason = o.Reason, Duration = Math.Round(o.DurationMs, 3), Message = o.Message,
        },
        ExecFailed failed => new StreamEvent("error")
        {
            Error = "exec_failed", Message = failed.Message, ExitCode = failed.Outcome?.ExitCode, Reason = failed.Outcome?.Reason,
            Duration = failed.Outcome is { } o ? Math.Round(o.DurationMs, 3) : null,
        },
        _ => new StreamEvent("error") { Error = "exec_failed", Message = "Unknown event." },
    };
}
