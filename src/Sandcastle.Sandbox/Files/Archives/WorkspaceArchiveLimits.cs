namespace Sandcastle.Sandbox.Files.Archives;

/// <summary>Caps on what restoring one archive may unpack; an archive past one is refused, not cut short.</summary>
/// <param name="MaxBytes">Bytes of file content, and (with some slack for headers) of the uncompressed tar stream.</param>
/// <param name="MaxEntries">Files, directories and links.</param>
public sealed record WorkspaceArchiveLimits(long MaxBytes, int MaxEntries)
{
    public static WorkspaceArchiveLimits Default { get; } = new(1L << 30, 100_000);
}
