namespace Sandcastle.Sandbox.Cgroups;

/// <summary>Makes per-execution cgroups with limits: cgroup v2, v1, or none (rlimits only).</summary>
public interface ICgroupBackend
{
    /// <summary>"v2", "v1" or "none".</summary>
    string Name { get; }

    /// <summary>Whether memory limits are enforced by the kernel's memory controller (not just by rlimits).</summary>
    bool EnforcesMemory { get; }

    ICgroup Create(string name, SandboxLimits limits);
}
