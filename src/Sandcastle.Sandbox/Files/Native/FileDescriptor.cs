using Microsoft.Win32.SafeHandles;

namespace Sandcastle.Sandbox.Files.Native;

/// <summary>An owned Linux file descriptor (fd 0 is valid, unlike SafeFileHandle's convention).</summary>
internal sealed class FileDescriptor : SafeHandleMinusOneIsInvalid
{
    public FileDescriptor()
        : base(ownsHandle: true)
    {
    }

    public FileDescriptor(int fd)
        : base(ownsHandle: true) => SetHandle(fd);

    public int Value => (int)DangerousGetHandle();

    /// <summary>Hands the descriptor to a SafeFileHandle (for FileStream); this instance no longer closes it.</summary>
    public SafeFileHandle ToSafeFileHandle()
    {
        var handle = new SafeFileHandle(DangerousGetHandle(), ownsHandle: true);
        SetHandleAsInvalid();
        return handle;
    }

    protected override bool ReleaseHandle() => FileSyscalls.Close((int)handle) == 0;
}
