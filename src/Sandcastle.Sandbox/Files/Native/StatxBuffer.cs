using System.Runtime.InteropServices;

namespace Sandcastle.Sandbox.Files.Native;

/// <summary>The kernel's <c>struct statx</c> (same layout on every architecture, unlike struct stat).</summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct StatxBuffer
{
    public const uint BasicStats = 0x7ff;

    private const ushort TypeMask = 0xF000;
    private const ushort TypeRegular = 0x8000;
    private const ushort TypeDirectory = 0x4000;
    private const ushort TypeSymlink = 0xA000;

    private const long MinUnixSeconds = -62_135_596_800;
    private const long MaxUnixSeconds = 253_402_300_798;

    /// <summary>STATX_ATTR_MOUNT_ROOT: the path is the root of a mount.</summary>
    public const ulong MountRootAttribute = 0x2000;

    [FieldOffset(0)] public uint Mask;
    [FieldOffset(8)] public ulong Attributes;
    [FieldOffset(16)] public uint LinkCount;
    [FieldOffset(20)] public uint Uid;
    [FieldOffset(24)] public uint Gid;
    [FieldOffset(28)] public ushort Mode;
    [FieldOffset(32)] public ulong Inode;
    [FieldOffset(40)] public ulong Size;
    [FieldOffset(56)] public ulong AttributesMask;
    [FieldOffset(112)] public long ModifiedSeconds;
    [FieldOffset(120)] public uint ModifiedNanoseconds;
    [FieldOffset(136)] public uint DeviceMajor;
    [FieldOffset(140)] public uint DeviceMinor;

    public readonly bool IsMountRoot => (AttributesMask & MountRootAttribute) != 0 && (Attributes & MountRootAttribute) != 0;

    public readonly bool IsRegular => (Mode & TypeMask) == TypeRegular;
    public readonly bool IsDirectory => (Mode & TypeMask) == TypeDirectory;
    public readonly bool IsSymlink => (Mode & TypeMask) == TypeSymlink;

    // Sandboxed code can set any mtime (touch -d @1e12); clamp so one odd file cannot break a listing.
    public readonly DateTimeOffset ModifiedAt => ModifiedSeconds switch
    {
        < MinUnixSeconds => DateTimeOffset.MinValue,
        > MaxUnixSeconds => DateTimeOffset.MaxValue,
        _ => DateTimeOffset.FromUnixTimeSeconds(ModifiedSeconds).AddTicks(Math.Min(ModifiedNanoseconds, 999_999_999u) / 100),
    };

    public readonly bool SameFileAs(in StatxBuffer other) =>
        Inode == other.Inode && DeviceMajor == other.DeviceMajor && DeviceMinor == other.DeviceMinor;
}
