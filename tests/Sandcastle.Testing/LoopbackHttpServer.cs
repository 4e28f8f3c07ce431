using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sandcastle.Testing;

/// <summary>
/// A tiny HTTP server on the host's loopback, the far end of the proxy in tests: answers every request with
/// "hello from loopback" and the request line it got (or with a file mapped to the path), and counts the requests
/// that reached it.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string ContentType, byte[] Body)> _files = new();
    private readonly Task _serving;
    private int _requests;

    public LoopbackHttpServer()
    {
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Serves these bytes at this path (e.g. a package index page, or a wheel).</summary>
    public void Map(string path, string contentType, byte[] body) => _files[path] = (contentType, body);

    private async Task ServeAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = Task.Run(() => AnswerAsync(client));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var head = new StringBuilder();
            var buffer = new byte[4096];
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                    return;
                head.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }
            Interlocked.Increment(ref _requests);
            var lines = head.ToString().Split("\r\n");
            var host = lines.FirstOrDefault(l => l.StartsWith("Host:", StringComparison.OrdinalIgnoreCase)) ?? "Host: none";
            var path = lines[0].Split(' ') is [_, var target, ..] ? target : "/";
            var (contentType, body) = _files.TryGetValue(path, out var file) ? file
                : ("text/plain", Encoding.UTF8.GetBytes($"hello from loopback\n{lines[0]}\n{host}\n"));
            var responseHead = $"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(responseHead).Concat(body).ToArray(), _stop.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _serving;
    }
}
