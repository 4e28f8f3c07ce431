namespace Sandcastle.Generation;

/// <summary>One generate-and-run round.</summary>
/// <param name="Attempt">1-based number of the round.</param>
/// <param name="Code">The program; null when the reply held none.</param>
/// <param name="Output">What the program wrote to stdout.</param>
/// <param name="Error">Its stderr, else why it failed; null when neither.</param>
/// <param name="ExitCode">Its exit code; null when nothing ran.</param>
/// <param name="Reason">Wire name of how it ended: exited, timeout, oom, output_limit, disk_quota, cancelled, or no_code.</param>
/// <param name="GenerationMs">Time spent waiting for the model.</param>
/// <param name="ExecutionMs">Time the program ran.</param>
public sealed record ExecutionAttempt(
    int Attempt,
    string? Code,
    string Output,
    string? Error,
    int? ExitCode,
    string Reason,
    long GenerationMs,
    long ExecutionMs)
{
    public bool Success => Reason == "exited" && ExitCode == 0;
}
