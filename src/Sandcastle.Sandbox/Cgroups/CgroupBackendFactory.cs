using Microsoft.Extensions.Logging;

namespace Sandcastle.Sandbox.Cgroups;

/// <summary>Detects, once at start, which cgroup version can enforce limits here.</summary>
internal static class CgroupBackendFactory
{
    private const string MountRoot = "/sys/fs/cgroup";

    /// <summary>
    /// The backend for one engine, whose cgroups go in <paramref name="engine"/> under <paramref name="parent"/>;
    /// first removes what engines that have ended left under the parent.
    /// </summary>
    public static ICgroupBackend Create(string mode, string parent, string engine, ILogger logger)
    {
        var unified = File.Exists(Path.Combine(MountRoot, "cgroup.controllers")) ? MountRoot : Path.Combine(MountRoot, "unified");
        var canManage = Environment.IsPrivilegedProcess;
        if (mode is "auto" or "v2" && canManage && CgroupV2Backend.IsUsable(unified))
        {
            try
            {
                StaleEngineCgroups.Collect([Path.Combine(unified, parent)], logger);
                return new CgroupV2Backend(unified, parent, engine);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("cgroup v2 at {Root} offers controllers but cannot delegate them: {Error}", unified, e.Message);
            }
        }
        if (mode is "auto" or "v1" && canManage && CgroupV1Backend.IsUsable(MountRoot))
        {
            StaleEngineCgroups.Collect(CgroupV1Backend.ParentDirectories(MountRoot, parent), logger);
            return new CgroupV1Backend(MountRoot, parent, engine);
        }
        if (mode != "none")
        {
            logger.LogWarning(
                "No usable cgroup controller (mode {Mode}, running as root: {Root}); falling back to rlimits: memory is capped as address space, and there is no process-count or CPU limit.",
                mode, canManage);
        }
        return new RlimitOnlyBackend();
    }
}
