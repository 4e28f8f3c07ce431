using System.Diagnostics;
using System.Runtime;

namespace Sandcastle.Benchmarks;

/// <summary>
/// Brings a case to the state a long-running server is in before it is measured: the runtime's JIT done with its
/// paths. .NET compiles a method quickly at first and again, optimized, once it has run a while, on a thread of its
/// own; an engine's first seconds of load pay for that (measured: 1,200 executions of <c>/bin/true</c> over 5 s, about
/// 2 ms of the engine's CPU per execution on top, 1.7 ms once done). A fixed count of warm-up runs left the first
/// rows of a run measuring the compiler.
/// </summary>
internal static class SteadyState
{
    /// <summary>How long, and how many runs at least, a stretch that compiles next to nothing must last.</summary>
    private static readonly TimeSpan Stretch = TimeSpan.FromSeconds(0.5);

    private const int StretchRuns = 10;

    /// <summary>Methods a quiet stretch may still compile (timers and the thread pool's own now and then).</summary>
    private const long Quiet = 3;

    /// <summary>The longest a case is warmed: what is still compiling then is measured with it.</summary>
    private static readonly TimeSpan AtMost = TimeSpan.FromSeconds(30);

    /// <summary>Runs the case at this concurrency until a stretch compiles next to nothing; how many runs it took.</summary>
    public static async Task<int> WarmAsync(Func<CancellationToken, Task> run, int concurrency)
    {
        var total = 0;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var compiled = JitInfo.GetCompiledMethodCount();
            var stretch = Stopwatch.StartNew();
            var runs = 0;
            while (stretch.Elapsed < Stretch || runs < StretchRuns)
            {
                await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => run(CancellationToken.None)));
                runs += concurrency;
            }
            total += runs;
            if (JitInfo.GetCompiledMethodCount() - compiled <= Quiet || clock.Elapsed > AtMost)
                return total;
        }
    }
}
