using System.Runtime.CompilerServices;
using Sandcastle.Generation;
using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Network;
using Sandcastle.Sessions.Execution;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Sandboxes;

/// <summary>Runs /execute's programs in a durable sandbox through its grain, so they share its files, env and lifecycle.</summary>
internal sealed class GrainCodeRunner(ISandboxGrain grain, NetworkPolicy? network = null) : ICodeRunner
{
    public async IAsyncEnumerable<ExecEvent> RunAsync(
        SandboxLanguage language, string code, TimeSpan timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var command = new ExecCommand
        {
            Language = language.ToWireName(),
            Code = code,
            NetworkAllow = network is null ? null : [.. network.ToStrings()],
            TimeoutMs = timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan ? (long)timeout.TotalMilliseconds : null,
        };
        var ended = false;
        await foreach (var item in grain.ExecAsync(command, cancellationToken).WithCancellation(cancellationToken))
        {
            switch (item)
            {
                case ExecChunk chunk:
                    yield return new ExecOutput(chunk.Stream == "stdout" ? OutputStream.Stdout : OutputStream.Stderr, chunk.Text);
                    break;
                case ExecFinished { Outcome: var outcome }:
                    ended = true;
                    yield return new ExecCompleted(ToResult(outcome));
                    break;
                case ExecFailed failed:
                    ended = true;
                    yield return new ExecOutput(OutputStream.Stderr, $"\n[sandcastle: {failed.Message}]\n");
                    yield return new ExecCompleted(failed.Outcome is { } o ? ToResult(o) : Cancelled());
                    break;
            }
        }
        if (!ended)
            yield return new ExecCompleted(Cancelled());
    }

    private static ExecResult ToResult(ExecOutcome outcome) => new(
        outcome.ExitCode,
        outcome.Signal,
        Enum.GetValues<ExitReason>().FirstOrDefault(r => r.ToWireName() == outcome.Reason, ExitReason.Cancelled),
        TimeSpan.FromMilliseconds(outcome.DurationMs),
        null,
        null);

    private static ExecResult Cancelled() => new(-1, null, ExitReason.Cancelled, TimeSpan.Zero, null, null);
}
