using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Sandcastle.Sandbox.Files.Native;

namespace Sandcastle.Sandbox.Native;

/// <summary>
/// Reads and writes the kernel's small text files (cgroup controls, /proc) in three system calls: open, read or
/// write, close. Every execution's cgroup is made, set, measured and removed through some twenty of them, and
/// <see cref="File"/>'s streams add a stat, a lock, a seek and a truncation to each (about 90 calls per execution).
/// </summary>
internal static partial class KernelFiles
{
    private const int ReadOnly = 0, WriteOnly = 1, CloseOnExec = 0x80000;
    private const int EINTR = 4, ENOENT = 2, EACCES = 13, EPERM = 1, ENOTDIR = 20;

    /// <summary>The whole file as text; throws as <see cref="File.ReadAllText(string)"/> does (an <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>).</summary>
    /// <remarks>Read to its end, never by its size: /proc and cgroup files say 0 or 4096 whatever they hold.</remarks>
    public static string ReadAllText(string path)
    {
        var fd = Open(path, ReadOnly);
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            for (var length = 0; ; )
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = Read(fd, buffer.AsSpan(length), path);
                if (read == 0)
                    return Encoding.UTF8.GetString(buffer, 0, length);
                length += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _ = FileSyscalls.Close(fd);
        }
    }

    /// <summary>Writes the text in one write (a cgroup control takes one value per write); throws as <see cref="File.WriteAllText(string, string)"/> does.</summary>
    public static unsafe void WriteAllText(string path, string value)
    {
        var fd = Open(path, WriteOnly);
        try
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            fixed (byte* data = bytes)
            {
                nint written;
                while ((written = WriteNative(fd, data, bytes.Length)) < 0 && Marshal.GetLastPInvokeError() == EINTR)
                {
                }
                if (written < 0)
                    throw Failure(Marshal.GetLastPInvokeError(), "write", path);
                if (written != bytes.Length)
                    throw new IOException($"write {path}: {written} of {bytes.Length} bytes written.");
            }
        }
        finally
        {
            _ = FileSyscalls.Close(fd);
        }
    }

    /// <summary>One read into the buffer: the number of bytes read, 0 at the file's end.</summary>
    private static unsafe int Read(int fd, Span<byte> buffer, string path)
    {
        fixed (byte* start = buffer)
        {
            nint read;
            while ((read = ReadNative(fd, start, buffer.Length)) < 0 && Marshal.GetLastPInvokeError() == EINTR)
            {
            }
            return read >= 0 ? (int)read : throw Failure(Marshal.GetLastPInvokeError(), "read", path);
        }
    }

    private static int Open(string path, int flags)
    {
        int fd;
        while ((fd = OpenNative(path, flags | CloseOnExec)) < 0 && Marshal.GetLastPInvokeError() == EINTR)
        {
        }
        return fd >= 0 ? fd : throw Failure(Marshal.GetLastPInvokeError(), "open", path);
    }

    private static Exception Failure(int errno, string call, string path) => errno switch
    {
        ENOENT or ENOTDIR => new FileNotFoundException($"{call} {path}: no such file.", path),
        EACCES or EPERM => new UnauthorizedAccessException($"{call} {path}: permission denied (errno {errno})."),
        _ => new IOException($"{call} {path} failed: errno {errno}.", errno),
    };

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint ReadNative(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteNative(int fd, byte* buffer, nint count);
}
