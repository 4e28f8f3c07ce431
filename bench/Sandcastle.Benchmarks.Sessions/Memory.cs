using System.Diagnostics;

namespace Sandcastle.Benchmarks.Sessions;

/// <summary>Server memory after a full collection: managed heap and the process's resident set, in MB.</summary>
internal static class Memory
{
    public static (double ManagedMb, double ResidentMb) Measure()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true) / 1048576.0, self.WorkingSet64 / 1048576.0);
    }
}
