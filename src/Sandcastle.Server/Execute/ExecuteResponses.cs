using Sandcastle.Generation;
using Sandcastle.Sandbox;

namespace Sandcastle.Server.Execute;

/// <summary>Turns the pipeline's records into the wire shape.</summary>
public static class ExecuteResponses
{
    public static ExecuteResponse From(ExecutionResult result, string sandboxId, long executionTime) => new(
        result.Success,
        result.Question,
        // The seed declares code and error as strings: "" when there is none, never null.
        result.Code ?? "",
        result.Output,
        result.Error ?? "",
        sandboxId,
        executionTime,
        result.Language.ToWireName(),
        result.ExitCode,
        result.Reason,
        result.GenerationMs,
        result.ExecutionMs,
        result.Model,
        new ExecuteUsage(result.Usage.InputTokens, result.Usage.OutputTokens),
        [.. result.Attempts.Select(From)]);

    public static ExecuteAttempt From(ExecutionAttempt attempt) => new(
        attempt.Attempt,
        attempt.Success,
        attempt.Code,
        attempt.Output,
        attempt.Error,
        attempt.ExitCode,
        attempt.Reason,
        attempt.GenerationMs,
        attempt.ExecutionMs);
}
