using Microsoft.Extensions.Logging;
using Sandcastle.Sandbox.Native;

namespace Sandcastle.Sandbox.Cgroups;

/// <summary>
/// What engines that are gone left under the shared cgroup parent: a crashed engine (kill -9, power cut of the
/// process) never removes its cgroups, and each leftover directory stays in the kernel for good. At start an engine
/// removes the directories of every engine whose process has ended, killing first anything still inside (a process of
/// a dead engine's sandbox has no one to collect its output or enforce its timeout). Directories of live engines,
/// and anything not named as an engine's, are never touched.
/// </summary>
internal static class StaleEngineCgroups
{
    /// <summary>
    /// Removes the ended engines' directories under each parent (one per hierarchy). What cannot go at once (its
    /// processes are still dying) is retried in the background. Returns how many engines' directories were found.
    /// </summary>
    public static int Collect(IEnumerable<string> parentDirectories, ILogger logger)
    {
        var stale = parentDirectories
            .Where(Directory.Exists)
            .SelectMany(parent => new DirectoryInfo(parent).EnumerateDirectories($"{EngineCgroupNames.Prefix}*"))
            .Where(directory => EngineCgroupNames.IsOfEndedProcess(directory.Name))
            .Select(directory => directory.FullName)
            .ToList();
        if (stale.Count == 0)
            return 0;
        var left = stale.Where(directory => !TryRemoveTree(directory)).ToList();
        if (left.Count > 0)
            _ = RemoveLaterAsync(left, logger);
        var engines = stale.Select(Path.GetFileName).Distinct(StringComparer.Ordinal).Count();
        logger.LogInformation("Removed the cgroups of {Count} ended engines", engines);
        return engines;
    }

    /// <summary>
    /// Removes a disposed engine's own directories: by then its processes are killed, but a killed tree can take a
    /// moment to leave its cgroup, so this waits for that (bounded: the process may be on its way out, and what it
    /// leaves the next engine to start removes), then retries in the background.
    /// </summary>
    public static async Task RemoveOwnAsync(IReadOnlyList<string> engineDirectories, ILogger logger)
    {
        var left = engineDirectories.ToList();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            left.RemoveAll(TryRemoveTree);
            if (left.Count == 0)
                return;
            await Task.Delay(100).ConfigureAwait(false);
        }
        _ = RemoveLaterAsync(left, logger);
    }

    private static async Task RemoveLaterAsync(List<string> directories, ILogger logger)
    {
        for (var attempt = 0; attempt < 150 && directories.Count > 0; attempt++)
        {
            await Task.Delay(200).ConfigureAwait(false);
            directories.RemoveAll(TryRemoveTree);
        }
        foreach (var directory in directories)
            logger.LogWarning("Could not remove the cgroup {Directory}: processes stay in it", directory);
    }

    /// <summary>Kills what is inside, then removes the directories deepest first; true once the tree is gone.</summary>
    internal static bool TryRemoveTree(string directory)
    {
        if (!Directory.Exists(directory))
            return true;
        List<string> directories;
        try
        {
            directories = [.. Directory.EnumerateDirectories(directory, "*", SearchOption.AllDirectories), directory];
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        var removed = true;
        foreach (var cgroup in directories.OrderByDescending(d => d.Length))
        {
            foreach (var pid in CgroupFiles.ReadPids(Path.Combine(cgroup, "cgroup.procs")))
                Libc.Kill(pid, Libc.SIGKILL);
            removed &= CgroupFiles.TryRemove(cgroup);
        }
        return removed;
    }
}
