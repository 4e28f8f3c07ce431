using System.Text;
using Sandcastle.Sandbox;

namespace Sandcastle.Generation;

/// <summary>Gathers one run of a program and describes how it ended.</summary>
internal sealed class RunCollector(TimeSpan timeout)
{
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    public string Stdout => _stdout.ToString();

    public string Stderr => _stderr.ToString();

    public ExecResult? Result { get; set; }

    public void Append(ExecOutput output) => (output.Stream == OutputStream.Stdout ? _stdout : _stderr).Append(output.Text);

    /// <summary>Why the run failed, in words; null when it succeeded.</summary>
    public string? Failure => Result switch
    {
        null => "it produced no result",
        { Success: true } => null,
        { Reason: ExitReason.Timeout } => $"it timed out after {timeout.TotalSeconds:0.###} s",
        { Reason: ExitReason.OutOfMemory } => "it ran out of memory",
        { Reason: ExitReason.OutputLimit } => "it wrote more output than allowed",
        { Reason: ExitReason.DiskQuota } => "it filled the workspace quota",
        { Reason: ExitReason.Cancelled } => "it was cancelled",
        { Signal: { } signal } => $"it was killed by signal {signal}",
        { ExitCode: var code } => $"it exited with code {code}",
    };

    public ExecutionAttempt ToAttempt(int attempt, string code, long generationMs)
    {
        var result = Result ?? throw new InvalidOperationException("The code runner ended without a result.");
        var stderr = Stderr;
        return new ExecutionAttempt(
            attempt,
            code,
            Stdout,
            stderr.Length > 0 ? stderr : Failure,
            result.ExitCode,
            result.Reason.ToWireName(),
            generationMs,
            (long)result.WallTime.TotalMilliseconds);
    }
}
