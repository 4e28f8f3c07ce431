using Sandcastle.Sandbox.Files.Native;

namespace Sandcastle.Sandbox.Files;

/// <summary>Sums the apparent size of regular files (hard links once); symlinks and directories count as 0.</summary>
internal static class WorkspaceUsageMeter
{
    public static long Measure(WorkspaceResolver resolver)
    {
        using var root = resolver.Open(WorkspacePath.Root, OpenFlags.ReadOnly | OpenFlags.Directory, "measure");
        long total = 0;
        HashSet<(ulong Inode, uint Major, uint Minor)>? linked = null;
        WorkspaceWalker.Walk(root, WorkspacePath.Root, recursive: true, sorted: false, (WorkspacePath _, in StatxBuffer stat) =>
        {
            if (!stat.IsRegular)
                return;
            if (stat.LinkCount > 1 && !(linked ??= []).Add((stat.Inode, stat.DeviceMajor, stat.DeviceMinor)))
                return;
            total += (long)stat.Size;
        });
        return total;
    }
}
