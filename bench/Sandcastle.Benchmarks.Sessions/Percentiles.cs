namespace Sandcastle.Benchmarks.Sessions;

internal static class Percentiles
{
    public static double Of(IReadOnlyList<double> samples, double percentile)
    {
        var sorted = samples.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
