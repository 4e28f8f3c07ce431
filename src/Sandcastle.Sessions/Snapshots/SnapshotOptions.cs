using System.ComponentModel.DataAnnotations;

namespace Sandcastle.Sessions.Snapshots;

/// <summary>Where snapshots are kept and how much one may unpack, bound from the "Snapshots" section.</summary>
public sealed class SnapshotOptions
{
    public const string SectionName = "Snapshots";

    /// <summary>The local store's directory. Empty: <c>snapshots</c> under the engine's data root.</summary>
    public string? Directory { get; set; }

    /// <summary>Bytes of file content one snapshot may restore (also capped by the sandbox's workspace quota).</summary>
    [Range(1, long.MaxValue)]
    public long MaxBytes { get; set; } = 4L << 30;

    /// <summary>Files, directories and links one snapshot may restore.</summary>
    [Range(1, int.MaxValue)]
    public int MaxEntries { get; set; } = 500_000;

    /// <summary>An S3-compatible bucket instead of the local directory (for a cluster, whose nodes must share snapshots).</summary>
    public S3SnapshotOptions? S3 { get; set; }
}
