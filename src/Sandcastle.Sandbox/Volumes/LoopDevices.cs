namespace Sandcastle.Sandbox.Volumes;

/// <summary>The kernel's loop devices as sysfs shows them (<c>/sys/block/loopN/loop/backing_file</c>).</summary>
internal static class LoopDevices
{
    private const string Block = "/sys/block";

    /// <summary>Whether a loop device is still attached to this very path (a deleted file shows as "path (deleted)").</summary>
    public static bool IsAttached(string image)
    {
        if (!Directory.Exists(Block))
            return false;
        foreach (var device in Directory.EnumerateDirectories(Block, "loop*"))
        {
            // Only a bound device has a loop/ directory: one stat for each of the (often many) unbound ones.
            var bound = Path.Combine(device, "loop");
            if (!Directory.Exists(bound))
                continue;
            try
            {
                if (File.ReadAllText(Path.Combine(bound, "backing_file")).TrimEnd('\n') == image)
                    return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not configured (no backing_file) or gone meanwhile.
            }
        }
        return false;
    }

    /// <summary>Waits (bounded) until no loop device is attached to <paramref name="image"/>; false if one still is.</summary>
    public static bool WaitUntilDetached(string image, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (IsAttached(image))
        {
            if (DateTime.UtcNow > deadline)
                return false;
            Thread.Sleep(5);
        }
        return true;
    }
}
