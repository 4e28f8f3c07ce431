using Sandcastle.Sandbox;
using Sandcastle.Sessions.Execution;

namespace Sandcastle.Sessions.Processes;

/// <summary>A process tree a sandbox keeps running between requests, with its log.</summary>
internal sealed class BackgroundProcess
{
    private readonly SandboxProcess _process;

    public BackgroundProcess(string id, string command, SandboxProcess process, long maxLogChars)
    {
        Id = id;
        Command = command;
        _process = process;
        Log = new ProcessLog(maxLogChars);
        Pumped = PumpAsync();
    }

    public string Id { get; }

    public string Command { get; }

    public int Pid => _process.Pid;

    public ProcessLog Log { get; }

    /// <summary>Completes once the tree is gone and its exit is in the log.</summary>
    public Task Pumped { get; }

    public bool IsRunning => Log.Exit is null;

    public void Kill() => _process.Kill(ExitReason.Cancelled);

    /// <summary>Completes once the process exists on the host (its <see cref="Pid"/> is known).</summary>
    public Task WaitUntilStartedAsync() => _process.WaitUntilStartedAsync();

    public ProcessSnapshot Snapshot()
    {
        var exit = Log.Exit;
        return new ProcessSnapshot(Id, Pid, Command, exit?.Status ?? "running", _process.StartedAt, exit?.Outcome.ExitCode, exit?.Outcome.Reason);
    }

    private async Task PumpAsync()
    {
        await foreach (var item in _process.ReadEventsAsync().ConfigureAwait(false))
        {
            switch (item)
            {
                case ExecOutput output:
                    Log.Append(new ProcessOutput(output.Stream == OutputStream.Stdout ? "stdout" : "stderr", output.Text));
                    break;
                case ExecCompleted completed:
                    var status = !ExecOutcome.IsCompletion(completed.Result) ? "killed"
                        : completed.Result.Success ? "completed"
                        : "failed";
                    Log.Complete(new ProcessExit(status, ExecOutcome.From(completed.Result, _process.Limits)));
                    break;
            }
        }
        await _process.DisposeAsync().ConfigureAwait(false);
    }
}
