using System.Runtime.InteropServices;
using Sandcastle.Sandbox.Files.Native;

namespace Sandcastle.Sandbox.Files;

/// <summary>statx helpers that only ever look at a descriptor or at one name inside an open directory.</summary>
internal static class WorkspaceStat
{
    /// <summary>lstat of one component of an open directory: the entry itself, never a symlink's target.</summary>
    public static bool TryEntry(SafeHandle directory, string name, out StatxBuffer stat, out int errno)
    {
        if (FileSyscalls.Statx(directory, name, AtFlags.SymlinkNoFollow | AtFlags.NoAutomount, StatxBuffer.BasicStats, out stat) == 0)
        {
            errno = 0;
            return true;
        }
        errno = FileSyscalls.LastError();
        return false;
    }

    /// <summary>fstat of an open descriptor (works on O_PATH descriptors too).</summary>
    public static StatxBuffer Of(SafeHandle fd)
    {
        if (FileSyscalls.Statx(fd, string.Empty, AtFlags.EmptyPath, StatxBuffer.BasicStats, out var stat) != 0)
            throw WorkspaceErrors.Throw(FileSyscalls.LastError(), "fstat");
        return stat;
    }

    public static WorkspaceEntry ToEntry(WorkspacePath path, in StatxBuffer stat)
    {
        var type = stat.IsRegular ? WorkspaceEntryType.File
            : stat.IsDirectory ? WorkspaceEntryType.Directory
            : stat.IsSymlink ? WorkspaceEntryType.Symlink
            : WorkspaceEntryType.Other;
        var size = type is WorkspaceEntryType.File or WorkspaceEntryType.Symlink ? (long)stat.Size : 0;
        return new WorkspaceEntry(path.Name, path.Relative, type, size, stat.ModifiedAt);
    }
}
