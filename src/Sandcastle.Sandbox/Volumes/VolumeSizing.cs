namespace Sandcastle.Sandbox.Volumes;

/// <summary>
/// How many files a workspace may hold for its byte quota: one inode per 4 KiB, at least 1024. Entries cost the
/// kernel memory and the host walks whatever exists, so empty files, directories and symlinks are bounded too, not
/// only bytes (a 1 MiB quota holds 1024 entries; the default 1 GiB, 262144).
/// </summary>
internal static class VolumeSizing
{
    public const long BytesPerInode = 4096;
    public const long MinInodes = 1024;
    public const long MaxInodes = 1L << 26;

    public static long Inodes(long quotaBytes) => Math.Clamp(quotaBytes / BytesPerInode, MinInodes, MaxInodes);

    /// <summary>How far the free bytes of a fresh image may exceed the quota (ext4 allocates in whole blocks and groups).</summary>
    public static long Tolerance(long quotaBytes) => Math.Max(64 * 1024, quotaBytes / 256);

    /// <summary>A first guess at the image size whose free bytes equal the quota; the maker corrects it after one mount.</summary>
    public static long FirstImageSize(long quotaBytes) =>
        RoundUp(quotaBytes + Math.Min(quotaBytes / 50, 16L << 20) + Inodes(quotaBytes) * 256 + (256 * 1024), 4096);

    public static long RoundUp(long value, long unit) => (value + unit - 1) / unit * unit;
}
