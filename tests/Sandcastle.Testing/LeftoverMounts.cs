using System.Diagnostics;

namespace Sandcastle.Testing;

/// <summary>
/// A server stopped with SIGKILL leaves its workspace volumes mounted (the next engine on the same data root
/// unmounts them at start, and a test's throw-away root never gets one): detached here, deepest first, before the
/// root is deleted, so no loop device or mount outlives the test.
/// </summary>
public static class LeftoverMounts
{
    public static void DetachUnder(string root)
    {
        var prefix = root.TrimEnd('/') + "/";
        var mountPoints = File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(' ')[4].Replace("\\040", " ", StringComparison.Ordinal))
            .Where(point => point.StartsWith(prefix, StringComparison.Ordinal))
            .OrderByDescending(point => point.Length)
            .ToList();
        foreach (var point in mountPoints)
        {
            using var umount = Process.Start(new ProcessStartInfo("umount", ["-l", point]) { RedirectStandardError = true });
            umount?.WaitForExit();
        }
    }
}
