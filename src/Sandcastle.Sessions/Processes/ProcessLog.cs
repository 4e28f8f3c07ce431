using System.Runtime.CompilerServices;
using System.Text;

namespace Sandcastle.Sessions.Processes;

/// <summary>
/// What a background process printed, kept for replay, and followed live by any number of readers. The engine caps
/// each stream's output (and stops the process past it), which bounds this log too.
/// </summary>
internal sealed class ProcessLog
{
    private readonly Lock _gate = new();
    private readonly List<ProcessOutput> _entries = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ProcessExit? _exit;

    public ProcessExit? Exit
    {
        get
        {
            lock (_gate)
                return _exit;
        }
    }

    public void Append(ProcessOutput output)
    {
        lock (_gate)
        {
            _entries.Add(output);
            Signal();
        }
    }

    public void Complete(ProcessExit exit)
    {
        lock (_gate)
        {
            _exit ??= exit;
            Signal();
        }
    }

    public (string Stdout, string Stderr) Read()
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        lock (_gate)
        {
            foreach (var entry in _entries)
                (entry.Stream == "stdout" ? stdout : stderr).Append(entry.Text);
        }
        return (stdout.ToString(), stderr.ToString());
    }

    /// <summary>Replays everything so far, then follows live output until the exit, which is always the last event.</summary>
    public async IAsyncEnumerable<ProcessLogEvent> FollowAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var next = 0;
        while (true)
        {
            ProcessOutput[] batch;
            ProcessExit? exit;
            Task changed;
            lock (_gate)
            {
                batch = [.. _entries.Skip(next)];
                next = _entries.Count;
                exit = _exit;
                changed = _changed.Task;
            }
            foreach (var entry in batch)
                yield return entry;
            if (exit is not null)
            {
                yield return exit;
                yield break;
            }
            await changed.WaitAsync(cancellationToken);
        }
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }
}
