using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sandcastle.Sessions.Tests.Http;

/// <summary>
/// A real S3-compatible server (npm s3rver, installed by scripts/setup into a test-only prefix) on a free loopback
/// port, with one bucket, its data in a directory it owns; killed with its process tree when disposed.
/// </summary>
public sealed class LocalS3Server : IAsyncDisposable
{
    public const string Script = "/usr/local/lib/sandcastle-test/node_modules/s3rver/bin/s3rver.js";
    public const string Bucket = "snapshots";

    /// <summary>s3rver's fixed credentials.</summary>
    public const string AccessKey = "S3RVER";

    private readonly Process _process;

    private LocalS3Server(Process process, string directory, int port)
    {
        _process = process;
        Directory = directory;
        Url = $"http://127.0.0.1:{port}";
    }

    public string Directory { get; }

    public string Url { get; }

    /// <summary>Settings that point a Sandcastle server's snapshots at this bucket.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Snapshots:S3:Bucket"] = Bucket,
        ["Snapshots:S3:ServiceUrl"] = Url,
        ["Snapshots:S3:AccessKey"] = AccessKey,
        ["Snapshots:S3:SecretKey"] = AccessKey,
    };

    public static async Task<LocalS3Server> StartAsync(CancellationToken cancellationToken)
    {
        Assert.True(File.Exists(Script), $"{Script} is missing: run scripts/setup (it installs s3rver for the tests).");
        var directory = System.IO.Directory.CreateTempSubdirectory("sandcastle-s3-").FullName;
        var port = Sandcastle.Testing.FreePort.Next();
        var start = new ProcessStartInfo("node", [Script, "-d", directory, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--configure-bucket", Bucket, "-s"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        var server = new LocalS3Server(process, directory, port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (SocketException)
            {
                var stderr = process.HasExited ? await process.StandardError.ReadToEndAsync(cancellationToken) : "(still running)";
                await server.DisposeAsync();
                throw new InvalidOperationException($"s3rver did not listen on port {port}: {stderr}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
