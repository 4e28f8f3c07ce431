namespace Sandcastle.Benchmarks.Server;

/// <summary>p50/p95 of a case's total time and of its total minus the execution's own duration.</summary>
internal sealed record Stats(double TotalP50, double TotalP95, double OverheadP50, double OverheadP95);

/// <summary>
/// Runs cases in turns (one call of each, again and again) so a burst of load on the shared machine hits them alike,
/// after a tenth as many warm-up turns. Each turn runs the cases in a new random order, so that every case follows
/// every other about equally often: a call leaves work behind it (an exec its spare's replacement and clean-up, a
/// cancellable grain call its token's) that slows the next. Turns that only rotated the order kept each case behind
/// the same one, and the HTTP JSON exec, always behind the cancellable grain call, measured 0.3–0.5 ms slower than
/// it is.
/// </summary>
internal static class Turns
{
    public static async Task<Dictionary<string, Stats>> MeasureAsync(IReadOnlyList<(string Name, ApiCall Run)> cases, int count)
    {
        for (var i = 0; i < count / 10; i++)
            foreach (var (_, run) in cases)
                await run();
        var totals = cases.Select(_ => new double[count]).ToArray();
        var overheads = cases.Select(_ => new double[count]).ToArray();
        var order = Enumerable.Range(0, cases.Count).ToArray();
        var random = new Random(20261204); // The same orders in every run, so two runs differ only in what they measure.
        for (var i = 0; i < count; i++)
        {
            random.Shuffle(order);
            foreach (var c in order)
            {
                var (total, duration) = await cases[c].Run();
                totals[c][i] = total;
                overheads[c][i] = total - duration;
            }
        }
        var results = new Dictionary<string, Stats>();
        for (var c = 0; c < cases.Count; c++)
        {
            Array.Sort(totals[c]);
            Array.Sort(overheads[c]);
            results[cases[c].Name] = new Stats(Percentile(totals[c], 50), Percentile(totals[c], 95), Percentile(overheads[c], 50), Percentile(overheads[c], 95));
        }
        return results;
    }

    public static double Percentile(double[] sorted, int percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

    public static string Load() => File.ReadAllText("/proc/loadavg").Trim();
}
