using System.Runtime.InteropServices;

namespace Sandcastle.Sandbox.Files.Native;

/// <summary>O_* flags; O_DIRECTORY and O_NOFOLLOW differ between architectures.</summary>
internal static class OpenFlags
{
    public const ulong ReadOnly = 0x0;
    public const ulong WriteOnly = 0x1;
    public const ulong Create = 0x40;
    public const ulong Exclusive = 0x80;
    public const ulong NoCtty = 0x100;
    public const ulong NonBlock = 0x800;
    public const ulong CloseOnExec = 0x80000;
    public const ulong Path = 0x200000;

    public static readonly ulong Directory;
    public static readonly ulong NoFollow;

    static OpenFlags()
    {
        switch (RuntimeInformation.ProcessArchitecture)
        {
            case Architecture.Arm64 or Architecture.Arm or Architecture.Armv6 or Architecture.Ppc64le:
                Directory = 0x4000;
                NoFollow = 0x8000;
                break;
            default:
                // asm-generic values (x86, x64, riscv64, loongarch64, s390x).
                Directory = 0x10000;
                NoFollow = 0x20000;
                break;
        }
    }
}
