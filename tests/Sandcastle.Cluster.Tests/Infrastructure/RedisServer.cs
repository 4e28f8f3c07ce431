using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Sandcastle.Testing;

namespace Sandcastle.Cluster.Tests.Infrastructure;

/// <summary>A real redis-server on a free loopback port, without persistence, for the life of the test run.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists("/usr/bin/redis-server"))
            throw new InvalidOperationException("redis-server is missing: run scripts/setup.");
        var port = FreePort.Next();
        var start = new ProcessStartInfo("/usr/bin/redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
        _ = process.StandardError.ReadToEndAsync(cancellationToken);
        var server = new RedisServer(process, port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await server.PingAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"redis-server did not start on port {port}.");
            await Task.Delay(100, cancellationToken);
        }
        return server;
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
