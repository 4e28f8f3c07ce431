using System.Diagnostics;

namespace Sandcastle.Benchmarks;

/// <summary>
/// Latency percentiles and throughput of one case at one concurrency, and the machine's busy CPU per run meanwhile
/// (all of it, from /proc/stat: the sandbox's work is spread over the engine, the fork server, the kernel and the
/// program; null where it is not measured), after as many runs as it took to bring the case to its steady state
/// (<see cref="SteadyState"/>).
/// </summary>
internal sealed record Measurement(double P50, double P95, double Throughput, double? CpuMsPerRun = null, int WarmUpRuns = 0)
{
    public static async Task<Measurement> RunAsync(Func<CancellationToken, Task> run, int iterations, int concurrency)
    {
        var warmUpRuns = await SteadyState.WarmAsync(run, concurrency);
        var latencies = new double[iterations * concurrency];
        var next = -1;
        var busyBefore = BusyTicks();
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
        var cpu = (BusyTicks() - busyBefore) * 1000.0 / TicksPerSecond / latencies.Length;
        Array.Sort(latencies);
        return new Measurement(Percentile(latencies, 0.5), Percentile(latencies, 0.95), latencies.Length / elapsed, cpu, warmUpRuns);
    }

    // USER_HZ: /proc/stat counts in hundredths of a second on Linux.
    private const double TicksPerSecond = 100;

    /// <summary>The machine's busy time so far (user, nice, system, irq, softirq), in /proc/stat's ticks.</summary>
    private static long BusyTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new[] { 1, 2, 3, 6, 7 }.Sum(i => long.Parse(fields[i], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Min(sorted.Length - 1, Math.Round(p * (sorted.Length - 1)))];
}
