using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Sandcastle.Sandbox.Files.Native;

namespace Sandcastle.Sandbox.Files;

/// <summary>Reads entry names from an open directory descriptor with getdents64 (no path is ever re-resolved).</summary>
internal static class DirectoryReader
{
    private const int BufferSize = 64 * 1024;

    // struct linux_dirent64: u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[].
    private const int RecordLengthOffset = 16;
    private const int NameOffset = 19;

    public static unsafe List<string> ReadNames(FileDescriptor directory)
    {
        var names = new List<string>();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                nint read;
                fixed (byte* p = buffer)
                    read = FileSyscalls.Getdents64(directory, p, (nuint)buffer.Length);
                if (read < 0)
                {
                    var errno = FileSyscalls.LastError();
                    if (errno == Errno.EINTR)
                        continue;
                    throw WorkspaceErrors.Throw(errno, "Reading a workspace directory");
                }
                if (read == 0)
                    return names;
                Parse(buffer.AsSpan(0, (int)read), names);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Parse(ReadOnlySpan<byte> records, List<string> names)
    {
        while (records.Length > NameOffset)
        {
            int length = MemoryMarshal.Read<ushort>(records[RecordLengthOffset..]);
            var name = records[NameOffset..length];
            var end = name.IndexOf((byte)0);
            if (end >= 0)
                name = name[..end];
            if (!IsDotOrDotDot(name))
                names.Add(Encoding.UTF8.GetString(name));
            records = records[length..];
        }
    }

    private static bool IsDotOrDotDot(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("."u8) || name.SequenceEqual(".."u8);
}
