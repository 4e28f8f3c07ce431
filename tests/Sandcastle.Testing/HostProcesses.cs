namespace Sandcastle.Testing;

/// <summary>Looks at the host's process table, to prove nothing a sandbox started outlives it.</summary>
public static class HostProcesses
{
    /// <summary>
    /// Pids of host processes whose command line contains <paramref name="marker"/>; not a sandbox launcher's own shell
    /// (<c>sh -c ... sandcastle-launch PROGRAM</c>), which names the program for the moment before it execs it.
    /// </summary>
    public static IReadOnlyList<int> WithCommandLineContaining(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
                continue;
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(marker, StringComparison.Ordinal) && !commandLine.Contains(" sandcastle-launch ", StringComparison.Ordinal))
                    found.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }
        return found;
    }
}
