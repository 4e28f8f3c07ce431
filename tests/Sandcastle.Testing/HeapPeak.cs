namespace Sandcastle.Testing;

/// <summary>
/// The highest managed heap of this process while it runs, above the heap it started from: what an attack made
/// the server (hosted in the test process) hold. Sampled, so a spike shorter than the interval can be missed;
/// the attacks it watches last seconds. Shared as source with the sandbox tests, which do not reference this library.
/// </summary>
public sealed class HeapPeak : IAsyncDisposable
{
    private readonly long _baseline = GC.GetTotalMemory(forceFullCollection: true);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peak;

    public HeapPeak() => _sampling = SampleAsync();

    /// <summary>The highest heap seen so far, less the heap at the start (bytes; never negative).</summary>
    public long GrowthBytes => Math.Max(0, Interlocked.Read(ref _peak) - _baseline);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        try
        {
            do
            {
                var now = GC.GetTotalMemory(forceFullCollection: false);
                if (now > Interlocked.Read(ref _peak))
                    Interlocked.Exchange(ref _peak, now);
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
