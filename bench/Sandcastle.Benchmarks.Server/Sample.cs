namespace Sandcastle.Benchmarks.Server;

/// <summary>One request: wall time seen by the client and the sandbox's own execution time.</summary>
internal sealed record Sample(double TotalMs, double ExecutionMs)
{
    public double OverheadMs => TotalMs - ExecutionMs;
}
