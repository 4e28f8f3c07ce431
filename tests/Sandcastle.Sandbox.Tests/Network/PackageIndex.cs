using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Sandcastle.Testing;

namespace Sandcastle.Sandbox.Tests.Network;

/// <summary>A PEP 503 "simple" index with one small wheel, served by the loopback server (what pip reads).</summary>
internal static class PackageIndex
{
    public const string Project = "sandcastle-demo";
    private const string WheelName = "sandcastle_demo-1.0-py3-none-any.whl";

    public static void Publish(LoopbackHttpServer server)
    {
        var wheel = BuildWheel();
        var hash = Convert.ToHexStringLower(SHA256.HashData(wheel));
        server.Map($"/files/{WheelName}", "application/octet-stream", wheel);
        server.Map($"/simple/{Project}/", "text/html",
            Encoding.UTF8.GetBytes($"<!DOCTYPE html><html><body><a href=\"/files/{WheelName}#sha256={hash}\">{WheelName}</a></body></html>"));
    }

    private static byte[] BuildWheel()
    {
        var files = new Dictionary<string, string>
        {
            ["sandcastle_demo/__init__.py"] = "VALUE = 'installed through the proxy'\n",
            ["sandcastle_demo-1.0.dist-info/METADATA"] = "Metadata-Version: 2.1\nName: sandcastle-demo\nVersion: 1.0\n",
            ["sandcastle_demo-1.0.dist-info/WHEEL"] = "Wheel-Version: 1.0\nGenerator: sandcastle-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        };
        var record = new StringBuilder();
        foreach (var (name, text) in files)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var digest = Convert.ToBase64String(SHA256.HashData(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            record.Append($"{name},sha256={digest},{bytes.Length}\n");
        }
        record.Append("sandcastle_demo-1.0.dist-info/RECORD,,\n");
        files["sandcastle_demo-1.0.dist-info/RECORD"] = record.ToString();
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create))
        {
            foreach (var (name, text) in files)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(Encoding.UTF8.GetBytes(text));
            }
        }
        return buffer.ToArray();
    }
}
