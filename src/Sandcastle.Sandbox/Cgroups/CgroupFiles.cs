using Sandcastle.Sandbox.Native;

namespace Sandcastle.Sandbox.Cgroups;

/// <summary>Small helpers for the cgroup pseudo-files.</summary>
internal static class CgroupFiles
{
    public static void Write(string path, string value) => KernelFiles.WriteAllText(path, value);

    public static long? ReadLong(string path)
    {
        try
        {
            return long.TryParse(KernelFiles.ReadAllText(path).AsSpan().Trim(), out var value) ? value : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Reads "key value" lines (memory.events, cpu.stat, memory.oom_control).</summary>
    public static long? ReadKey(string path, string key)
    {
        try
        {
            foreach (var line in KernelFiles.ReadAllText(path).Split('\n'))
            {
                var space = line.IndexOf(' ');
                if (space > 0 && line.AsSpan(0, space).SequenceEqual(key) && long.TryParse(line.AsSpan(space + 1), out var value))
                    return value;
            }
        }
        catch (IOException)
        {
        }
        return null;
    }

    public static IReadOnlyList<int> ReadPids(string procsFile)
    {
        try
        {
            return [.. KernelFiles.ReadAllText(procsFile).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>
    /// Removes a cgroup directory. A just-killed tree can take a moment to leave it (EBUSY), so retry briefly;
    /// a zombie left to the host's init can hold it for seconds, so past that, keep trying in the background.
    /// </summary>
    public static void Remove(string directory)
    {
        for (var attempt = 0; attempt < 25; attempt++)
        {
            if (TryRemove(directory))
                return;
            Thread.Sleep(2);
        }
        _ = RemoveLaterAsync(directory);
    }

    private static async Task RemoveLaterAsync(string directory)
    {
        for (var attempt = 0; attempt < 150 && !TryRemove(directory); attempt++)
            await Task.Delay(200).ConfigureAwait(false);
    }

    internal static bool TryRemove(string directory)
    {
        try
        {
            Directory.Delete(directory);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Dash's <c>ulimit -f</c> counts 512-byte blocks.</summary>
    public static string FileSizeUlimit(long bytes) => $"-f {Math.Max(1, bytes / 512)}";
}
