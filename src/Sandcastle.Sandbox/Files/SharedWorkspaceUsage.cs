using System.Diagnostics;

namespace Sandcastle.Sandbox.Files;

/// <summary>
/// The workspace size as the quota watchers of one sandbox see it. Measuring walks the whole tree, so every running
/// process re-walking it on its own poll would cost (processes × files) per interval: here one walk serves them all
/// for the poll interval, a walk that takes long is repeated less often (walking takes at most a fifth of the
/// time), and a caller never waits for another's walk: it gets the last figure.
/// </summary>
internal sealed class SharedWorkspaceUsage(Func<long> measure, TimeSpan interval)
{
    private readonly Lock _gate = new();
    private long _bytes;
    private long _measuredAt;
    private TimeSpan _validFor;
    private bool _measuring;
    private int _walks;

    /// <summary>Walks made so far (for tests: the count must not grow with the number of processes).</summary>
    public int Walks => Volatile.Read(ref _walks);

    public long Read()
    {
        lock (_gate)
        {
            if (_measuring || (_measuredAt != 0 && Stopwatch.GetElapsedTime(_measuredAt) < _validFor))
                return _bytes;
            _measuring = true;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            var bytes = measure();
            Interlocked.Increment(ref _walks);
            var cost = Stopwatch.GetElapsedTime(started);
            lock (_gate)
            {
                _bytes = bytes;
                _measuredAt = Stopwatch.GetTimestamp();
                _validFor = cost * 4 > interval ? cost * 4 : interval;
                return bytes;
            }
        }
        finally
        {
            lock (_gate)
                _measuring = false;
        }
    }
}
