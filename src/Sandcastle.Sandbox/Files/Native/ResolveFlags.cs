namespace Sandcastle.Sandbox.Files.Native;

/// <summary>openat2(2) RESOLVE_* flags.</summary>
[Flags]
internal enum ResolveFlags : ulong
{
    None = 0,
    NoXdev = 0x01,
    NoMagicLinks = 0x02,
    NoSymlinks = 0x04,
    Beneath = 0x08,
}
