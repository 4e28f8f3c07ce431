namespace Sandcastle.Sandbox.Files.Archives;

/// <summary>
/// An archive that cannot be restored: malformed, over a cap, or with an entry that could lead out of the workspace
/// (absolute or '..' paths, links out, hard links, devices). Nothing of it is left in the workspace.
/// </summary>
public sealed class WorkspaceArchiveException(string message, Exception? inner = null) : IOException(message, inner);
