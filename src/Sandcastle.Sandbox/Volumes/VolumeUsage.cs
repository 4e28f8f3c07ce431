namespace Sandcastle.Sandbox.Volumes;

/// <summary>
/// What a workspace volume holds, from one statvfs: bytes in use (files, directories and long symlinks alike, in
/// whole blocks) and entries in use. Its cost does not depend on how many files there are.
/// </summary>
public sealed record VolumeUsage(long UsedBytes, long CapacityBytes, long UsedEntries, long MaxEntries)
{
    internal static VolumeUsage Of(string mountPoint)
    {
        var stat = MountSyscalls.Statvfs(mountPoint);
        var unit = (long)stat.FragmentSize;
        return new VolumeUsage(
            (long)(stat.Blocks - stat.FreeBlocks) * unit,
            (long)stat.AvailableBlocks * unit + (long)(stat.Blocks - stat.FreeBlocks) * unit,
            (long)(stat.Files - stat.FreeFiles),
            (long)stat.Files);
    }
}
