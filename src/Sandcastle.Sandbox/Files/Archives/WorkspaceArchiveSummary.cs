namespace Sandcastle.Sandbox.Files.Archives;

/// <summary>What an archive holds (or a restore unpacked).</summary>
/// <param name="Entries">Files, directories and symlinks.</param>
/// <param name="Bytes">Bytes of file content.</param>
/// <param name="Skipped">Entries left out when archiving: FIFOs, sockets, devices, and symlinks leading out of the workspace.</param>
public sealed record WorkspaceArchiveSummary(int Entries, long Bytes, int Skipped);
