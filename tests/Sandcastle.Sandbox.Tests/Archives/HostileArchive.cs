using System.Formats.Tar;
using System.IO.Compression;

namespace Sandcastle.Sandbox.Tests.Archives;

/// <summary>Builds gzip-compressed tars by hand, with whatever entries an attacker would put in one.</summary>
internal static class HostileArchive
{
    public static MemoryStream Build(params TarEntry[] entries)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
                tar.WriteEntry(entry);
        }
        buffer.Position = 0;
        return buffer;
    }

    /// <summary>A gzip-compressed stream of one raw header block claiming <paramref name="size"/> bytes of data, and little else.</summary>
    public static MemoryStream RawHeader(char type, long size)
    {
        var header = new byte[512];
        System.Text.Encoding.ASCII.GetBytes("PaxHeaders/x").CopyTo(header, 0);
        System.Text.Encoding.ASCII.GetBytes("0000644\0").CopyTo(header, 100);
        System.Text.Encoding.ASCII.GetBytes(Convert.ToString(size, 8).PadLeft(11, '0') + "\0").CopyTo(header, 124);
        System.Text.Encoding.ASCII.GetBytes("00000000000\0").CopyTo(header, 136);
        header[156] = (byte)type;
        System.Text.Encoding.ASCII.GetBytes("ustar\000").CopyTo(header, 257);
        header.AsSpan(148, 8).Fill((byte)' ');
        System.Text.Encoding.ASCII.GetBytes(Convert.ToString(header.Sum(b => b), 8).PadLeft(6, '0') + "\0 ").CopyTo(header, 148);
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(header);
            gzip.Write(new byte[64 * 1024]);
        }
        buffer.Position = 0;
        return buffer;
    }

    public static PaxTarEntry File(string name, string content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) };

    public static PaxTarEntry File(string name, int size) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(new byte[size]) };

    public static PaxTarEntry Link(TarEntryType type, string name, string target) => new(type, name) { LinkName = target };

    public static PaxTarEntry Device(TarEntryType type, string name) => new(type, name) { DeviceMajor = 1, DeviceMinor = 1 };
}
