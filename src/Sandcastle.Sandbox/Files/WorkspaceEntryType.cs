namespace Sandcastle.Sandbox.Files;

public enum WorkspaceEntryType
{
    File,
    Directory,
    Symlink,
    /// <summary>FIFOs, sockets, device nodes: listed but never read or written.</summary>
    Other,
}
