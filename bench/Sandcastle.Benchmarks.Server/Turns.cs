namespace Sandcastle.Benchmarks.Server;

/// <summary>p50/p95 of a case's total time and of its total minus the execution's own duration.</summary>
internal sealed record Stats(double TotalP50, double TotalP95, double OverheadP50, double OverheadP95);

/// <summary>
/// Runs cases in turns (one call of each, again and again) so a burst of load on the shared machine hits them alike,
/// after a tenth as many warm-up turns. Each turn starts one case later than the one before: every case follows every
/// other equally often, since an exec leaves work behind it (its spare's replacement, its clean-up) that slows the next.
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
        for (var i = 0; i < count; i++)
        {
            for (var k = 0; k < cases.Count; k++)
            {
                var c = (i + k) % cases.Count;
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
