using System.Diagnostics;

namespace Sandcastle.Benchmarks;

/// <summary>Latency percentiles and throughput of one case at one concurrency.</summary>
internal sealed record Measurement(double P50, double P95, double Throughput)
{
    public static async Task<Measurement> RunAsync(Func<CancellationToken, Task> run, int iterations, int concurrency)
    {
        for (var i = 0; i < 3; i++)
            await run(CancellationToken.None);
        var latencies = new double[iterations * concurrency];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < latencies.Length)
            {
                var started = Stopwatch.GetTimestamp();
                await run(CancellationToken.None);
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new Measurement(Percentile(latencies, 0.5), Percentile(latencies, 0.95), latencies.Length / elapsed);
    }

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Min(sorted.Length - 1, Math.Round(p * (sorted.Length - 1)))];
}
