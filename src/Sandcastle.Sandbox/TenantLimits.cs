namespace Sandcastle.Sandbox;

/// <summary>
/// Aggregate limits of one tenant on this engine, bound from "Sandbox:Tenants". Each execution has its own limits;
/// these bound the sum of everything a tenant runs at once (executions, background processes, code-context kernels),
/// so that many sandboxes of one tenant cannot take the machine from the others. The kernel enforces them on a
/// parent cgroup per tenant that holds its executions' cgroups. 0 means a share of this machine.
/// </summary>
public sealed class TenantLimits
{
    /// <summary>Memory of all the tenant's processes together. 0: half of this machine's memory.</summary>
    public long MemoryBytes { get; set; }

    /// <summary>Processes and threads of all the tenant's processes together.</summary>
    public int MaxProcesses { get; set; } = 1024;

    /// <summary>CPU quota of all the tenant's processes together, in cores. 0: half of this machine's cores, at least 1.</summary>
    public double CpuCores { get; set; }

    /// <summary>The limits with the machine's shares filled in, as the tenant's cgroup gets them.</summary>
    internal SandboxLimits Resolve() => new()
    {
        MemoryBytes = MemoryBytes > 0 ? MemoryBytes : MachineMemoryBytes() / 2,
        MaxProcesses = MaxProcesses,
        CpuCores = CpuCores > 0 ? CpuCores : Math.Max(1, Environment.ProcessorCount / 2.0),
    };

    /// <summary>The first setting out of range for a machine whose executions get <paramref name="perExecution"/>; null when all are usable.</summary>
    internal string? Problem(SandboxLimits perExecution, string section)
    {
        var resolved = Resolve();
        if (MemoryBytes < 0 || MemoryBytes > 0 && MemoryBytes < perExecution.MemoryBytes)
            return $"{section}:MemoryBytes must be 0 (half the machine) or at least one execution's memory ({perExecution.MemoryBytes}), not {MemoryBytes}.";
        if (resolved.MemoryBytes > SandboxLimitRanges.MaxMemoryBytes)
            return $"{section}:MemoryBytes must be at most {SandboxLimitRanges.MaxMemoryBytes} (1 TB), not {resolved.MemoryBytes}.";
        if (MaxProcesses < perExecution.MaxProcesses || MaxProcesses > SandboxLimitRanges.MaxProcesses)
            return $"{section}:MaxProcesses must be from one execution's limit ({perExecution.MaxProcesses}) to {SandboxLimitRanges.MaxProcesses}, not {MaxProcesses}.";
        if (!(CpuCores == 0 || CpuCores >= SandboxLimitRanges.MinCpuCores && CpuCores <= SandboxLimitRanges.MaxCpuCores))
            return $"{section}:CpuCores must be 0 (half the machine) or from {SandboxLimitRanges.MinCpuCores} to {SandboxLimitRanges.MaxCpuCores}, not {CpuCores}.";
        return null;
    }

    private static long MachineMemoryBytes()
    {
        // MemTotal, not what a container's memory limit says: the tenant cgroups sit beside the engine, not in it.
        foreach (var line in File.ReadLines("/proc/meminfo"))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal)
                && long.TryParse(line["MemTotal:".Length..].Trim().Split(' ')[0], out var kilobytes))
                return kilobytes * 1024;
        }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }
}
