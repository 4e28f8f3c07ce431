using System.Globalization;

namespace Sandcastle.Sandbox.Native;

/// <summary>Reads the host's process table (/proc); a process that ends meanwhile reads as empty.</summary>
internal static class ProcessTable
{
    /// <summary>The children of a (single-threaded) process, oldest first.</summary>
    public static IReadOnlyList<int> Children(int pid) =>
        [.. ReadOrEmpty($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(child => int.Parse(child, CultureInfo.InvariantCulture))];

    /// <summary>A process's command line, one argument each.</summary>
    public static IReadOnlyList<string> Arguments(int pid) =>
        ReadOrEmpty($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The value of one line of /proc/PID/status (such as "NSpid"), or null.</summary>
    public static string? StatusField(int pid, string field) =>
        ReadOrEmpty($"/proc/{pid}/status").Split('\n')
            .FirstOrDefault(line => line.StartsWith(field + ":", StringComparison.Ordinal))?[(field.Length + 1)..].Trim();

    /// <summary>A /proc file's text, or empty when the process is gone or hidden.</summary>
    public static string ReadOrEmpty(string path)
    {
        try
        {
            return KernelFiles.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
