using Sandcastle.Generation.Models;
using Sandcastle.Sandbox;

namespace Sandcastle.Generation;

/// <summary>The outcome of an <see cref="ExecutionRequest"/>: the last attempt's program and output, plus totals.</summary>
/// <param name="Success">Whether the last program exited with code 0.</param>
/// <param name="Question">The question asked.</param>
/// <param name="Code">The last program; null when no reply held one.</param>
/// <param name="Output">The last program's stdout.</param>
/// <param name="Error">The last program's stderr, else why it failed; null when neither.</param>
/// <param name="Language">The program's language.</param>
/// <param name="ExitCode">The last program's exit code; null when nothing ran.</param>
/// <param name="Reason">Wire name of how the last attempt ended (see <see cref="ExecutionAttempt.Reason"/>).</param>
/// <param name="GenerationMs">Time spent waiting for the model, all attempts.</param>
/// <param name="ExecutionMs">Time programs ran, all attempts.</param>
/// <param name="ExecutionTime">Wall time of the whole request in milliseconds.</param>
/// <param name="Model">The model that answered.</param>
/// <param name="Usage">Tokens of all model calls.</param>
/// <param name="Attempts">Every attempt, in order.</param>
public sealed record ExecutionResult(
    bool Success,
    string Question,
    string? Code,
    string Output,
    string? Error,
    SandboxLanguage Language,
    int? ExitCode,
    string Reason,
    long GenerationMs,
    long ExecutionMs,
    long ExecutionTime,
    string Model,
    TokenUsage Usage,
    IReadOnlyList<ExecutionAttempt> Attempts);
