namespace Sandcastle.Soak;

/// <summary>What the servers may have left on the host: processes, cgroups and mounts.</summary>
internal static class LeakChecks
{
    private static readonly string[] Hierarchies = ["memory", "pids", "cpu", "cpuacct", "unified"];

    /// <summary>Processes running as the soak's sandbox uid (no one else on this machine uses it).</summary>
    public static List<string> SandboxProcesses() =>
        [.. HostProcesses.All().Where(pid => HostProcesses.Uid(pid) == SoakServer.SandboxUid).Select(pid => $"{pid} {HostProcesses.CommandLine(pid)}")];

    /// <summary>The cgroup directories of the servers' engines, in every hierarchy.</summary>
    public static List<string> EngineCgroups(IEnumerable<int> serverPids) =>
        [.. from hierarchy in Hierarchies
            let parent = $"/sys/fs/cgroup/{hierarchy}/sandcastle"
            where Directory.Exists(parent)
            from pid in serverPids
            from directory in Directory.EnumerateDirectories(parent, $"engine-{pid}-*")
            select directory];

    /// <summary>Mounts of this (the host's) mount namespace under the soak's directory.</summary>
    public static List<string> Mounts(string soakRoot) =>
        [.. File.ReadLines("/proc/self/mountinfo").Where(line => line.Split(' ')[4].StartsWith(soakRoot, StringComparison.Ordinal))];

    /// <summary>Polls until the check comes back empty or the time is up; returns what it last found.</summary>
    public static async Task<List<string>> WaitForNoneAsync(Func<List<string>> check, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var found = check();
        while (found.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            found = check();
        }
        return found;
    }
}
