using System.Runtime.InteropServices;

namespace Sandcastle.Sandbox.Files.Native;

/// <summary>The kernel's <c>struct open_how</c> for openat2(2).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct OpenHow
{
    public ulong Flags;
    public ulong Mode;
    public ulong Resolve;
}
