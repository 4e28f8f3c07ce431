namespace Sandcastle.Sandbox.Files.Native;

/// <summary>AT_* and RENAME_* constants (identical on every Linux architecture).</summary>
internal static class AtFlags
{
    public const int CurrentDirectory = -100;
    public const int SymlinkNoFollow = 0x100;
    public const int RemoveDirectory = 0x200;
    public const int NoAutomount = 0x800;
    public const int EmptyPath = 0x1000;

    public const uint RenameNoReplace = 1;
    public const uint RenameExchange = 2;
}
