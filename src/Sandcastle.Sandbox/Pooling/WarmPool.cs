using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sandcastle.Sandbox.Pooling;

/// <summary>
/// Ephemeral sandboxes with a Python interpreter already started and waiting, so a one-off Python run skips
/// the interpreter's start-up (as Cloudflare's interpreter pre-warms executors). Filled lazily after the first
/// request and topped up in the background after each take.
/// </summary>
internal sealed class WarmPool(Func<Sandbox> createParked, int size, ILogger logger)
{
    private readonly ConcurrentQueue<Sandbox> _ready = new();
    private int _filling;
    private volatile bool _closed;

    public Sandbox? TryTake()
    {
        Sandbox? taken = null;
        while (_ready.TryDequeue(out var candidate))
        {
            if (candidate.HasLiveParkedProcess)
            {
                taken = candidate;
                break;
            }
            _ = candidate.DisposeAsync().AsTask();
        }
        TopUp();
        return taken;
    }

    /// <summary>Stops refilling and hands back what is parked, for the engine to destroy.</summary>
    public IReadOnlyList<Sandbox> Close()
    {
        _closed = true;
        var parked = new List<Sandbox>();
        while (_ready.TryDequeue(out var sandbox))
            parked.Add(sandbox);
        return parked;
    }

    private void TopUp()
    {
        if (size <= 0 || _closed || Interlocked.CompareExchange(ref _filling, 1, 0) != 0)
            return;
        _ = Task.Run(() =>
        {
            try
            {
                while (!_closed && _ready.Count < size)
                {
                    var sandbox = createParked();
                    if (_closed)
                    {
                        _ = sandbox.DisposeAsync().AsTask();
                        break;
                    }
                    _ready.Enqueue(sandbox);
                }
            }
            catch (Exception e)
            {
                logger.LogWarning("Could not pre-start a sandbox: {Error}", e.Message);
            }
            finally
            {
                Volatile.Write(ref _filling, 0);
            }
        });
    }
}
