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

    public static PaxTarEntry File(string name, string content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) };

    public static PaxTarEntry File(string name, int size) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(new byte[size]) };

    public static PaxTarEntry Link(TarEntryType type, string name, string target) => new(type, name) { LinkName = target };

    public static PaxTarEntry Device(TarEntryType type, string name) => new(type, name) { DeviceMajor = 1, DeviceMinor = 1 };
}
