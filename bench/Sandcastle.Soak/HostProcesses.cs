namespace Sandcastle.Soak;

/// <summary>This machine's process table, read from /proc.</summary>
internal static class HostProcesses
{
    public static IEnumerable<int> All() => Directory.EnumerateDirectories("/proc")
        .Select(Path.GetFileName).Select(name => int.TryParse(name, out var pid) ? pid : 0).Where(pid => pid > 0);

    public static int Parent(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        var fields = stat.Length == 0 ? [] : stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 1 && int.TryParse(fields[1], out var parent) ? parent : 0;
    }

    public static string CommandLine(int pid) => Read($"/proc/{pid}/cmdline").Replace('\0', ' ');

    /// <summary>The real uid of the process; -1 when it is gone.</summary>
    public static int Uid(int pid)
    {
        foreach (var line in Read($"/proc/{pid}/status").Split('\n'))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
                return int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        return -1;
    }

    public static IEnumerable<int> Descendants(int root)
    {
        var parents = All().ToDictionary(pid => pid, Parent);
        var found = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var pid))
        {
            foreach (var child in parents.Where(p => p.Value == pid).Select(p => p.Key))
            {
                found.Add(child);
                frontier.Enqueue(child);
            }
        }
        return found;
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
