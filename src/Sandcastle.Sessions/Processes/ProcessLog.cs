using System.Runtime.CompilerServices;
using System.Text;

namespace Sandcastle.Sessions.Processes;

/// <summary>
/// What a background process printed, followed live by any number of readers: a ring of the last
/// <c>maxChars</c> characters. A process may run and print for as long as its lifetime allows, so the oldest
/// output goes first; how much went is counted and said (<see cref="DroppedChars"/>). A reader too slow to keep
/// up skips what left the ring meanwhile.
/// </summary>
internal sealed class ProcessLog(long maxChars)
{
    private readonly Lock _gate = new();
    private readonly Queue<ProcessOutput> _entries = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ProcessExit? _exit;
    private long _first; // sequence number of the oldest entry kept
    private long _chars;
    private long _dropped;

    public ProcessExit? Exit
    {
        get
        {
            lock (_gate)
                return _exit;
        }
    }

    /// <summary>Characters of output that left the ring to make room for newer ones.</summary>
    public long DroppedChars
    {
        get
        {
            lock (_gate)
                return _dropped;
        }
    }

    public void Append(ProcessOutput output)
    {
        lock (_gate)
        {
            _entries.Enqueue(output);
            _chars += output.Text.Length;
            while (_chars > maxChars && _entries.Count > 1)
            {
                var oldest = _entries.Dequeue();
                _first++;
                _chars -= oldest.Text.Length;
                _dropped += oldest.Text.Length;
            }
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

    /// <summary>Replays what the ring holds, then follows live output until the exit, which is always the last event.</summary>
    public async IAsyncEnumerable<ProcessLogEvent> FollowAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long next = 0;
        while (true)
        {
            ProcessOutput[] batch;
            ProcessExit? exit;
            Task changed;
            lock (_gate)
            {
                var skip = Math.Max(0, next - _first);
                batch = [.. _entries.Skip((int)skip)];
                next = _first + _entries.Count;
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
