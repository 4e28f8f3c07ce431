using Sandcastle.Sandbox.Network;

namespace Sandcastle.Server.Observability;

/// <summary>One of the tenant's sandboxes in /v1/stats.</summary>
/// <param name="State">active (awake: its processes and files are live) or sleeping (woken by the next call).</param>
/// <param name="RunningProcesses">Processes running now: execs, /execute programs and background processes.</param>
/// <param name="Contexts">Code contexts open in it (a sleeping sandbox has none); null if it went away meanwhile.</param>
/// <param name="MemoryBytes">Memory its running processes use now; null when none run or no cgroup reports it.</param>
/// <param name="CpuSeconds">CPU time its running processes used so far; null likewise.</param>
/// <param name="Network">Its connections through the egress proxy: allowed and refused totals, bytes, the latest ones.</param>
public sealed record SandboxStats(
    string Id,
    string Tenant,
    string State,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUsedAt,
    int RunningProcesses,
    int? Contexts,
    long? MemoryBytes,
    double? CpuSeconds,
    EgressSummary? Network = null);
