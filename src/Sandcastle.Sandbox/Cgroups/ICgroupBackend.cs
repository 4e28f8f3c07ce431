namespace Sandcastle.Sandbox.Cgroups;

/// <summary>
/// Makes per-execution cgroups with limits: cgroup v2, v1, or none (rlimits only). Each engine's cgroups live in a
/// directory of its own under the configured parent; an execution's sits in its group's (its tenant's), whose
/// limits bound the group's executions together.
/// </summary>
public interface ICgroupBackend
{
    /// <summary>"v2", "v1" or "none".</summary>
    string Name { get; }

    /// <summary>Whether memory limits are enforced by the kernel's memory controller (not just by rlimits).</summary>
    bool EnforcesMemory { get; }

    /// <summary>The engine's own directory in each hierarchy (none without cgroups).</summary>
    IReadOnlyList<string> EngineDirectories { get; }

    /// <summary>Makes an execution's cgroup, in the engine's directory or in <paramref name="group"/>'s (made before by <see cref="CreateGroup"/>).</summary>
    ICgroup Create(string name, SandboxLimits limits, string? group = null);

    /// <summary>
    /// Makes (or finds) the cgroup of a group of executions, with aggregate limits: memory, processes and CPU of all
    /// its executions together. Disposing it removes it once its executions' cgroups are gone.
    /// </summary>
    ICgroup CreateGroup(string group, SandboxLimits aggregate);
}
