using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Sandcastle.Benchmarks.Server;

/// <summary>
/// HTTP/1.1 on one kept-alive loopback connection and nothing else: a request with its length, the answer read to its
/// end. Its rows beside HttpClient's tell the client's own share of a round trip from the server's.
/// </summary>
internal sealed class MinimalHttpClient(Uri server) : IDisposable
{
    private readonly Socket _socket = Connect(server);
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;

    public Task<(int Status, string Body)> PostJsonAsync(string path, string json) => SendAsync("POST", path, json);

    public Task<(int Status, string Body)> GetAsync(string path) => SendAsync("GET", path, null);

    private async Task<(int Status, string Body)> SendAsync(string method, string path, string? json)
    {
        var body = Encoding.UTF8.GetBytes(json ?? "");
        var type = json is null ? "" : "Content-Type: application/json\r\n";
        var head = Encoding.ASCII.GetBytes($"{method} {path} HTTP/1.1\r\nHost: {server.Authority}\r\n{type}Content-Length: {body.Length}\r\n\r\n");
        await _socket.SendAsync((byte[])[.. head, .. body]);
        var status = await ReadLineAsync();
        string? line;
        int? length = null;
        var chunked = false;
        while ((line = await ReadLineAsync()).Length > 0)
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                length = int.Parse(line.AsSpan("Content-Length:".Length).Trim(), CultureInfo.InvariantCulture);
            else if (line.Equals("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
                chunked = true;
        }
        var content = new MemoryStream();
        if (chunked)
        {
            while (int.Parse(await ReadLineAsync(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) is var size and > 0)
            {
                await ReadExactlyAsync(content, size);
                await ReadLineAsync();
            }
            await ReadLineAsync();
        }
        else
            await ReadExactlyAsync(content, length ?? throw new InvalidOperationException($"An answer with neither a length nor chunks: {status}"));
        return (int.Parse(status.AsSpan(9, 3), CultureInfo.InvariantCulture), Encoding.UTF8.GetString(content.GetBuffer(), 0, (int)content.Length));
    }

    public void Dispose() => _socket.Dispose();

    private static Socket Connect(Uri server)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(server.Host, server.Port);
        return socket;
    }

    private async Task<string> ReadLineAsync()
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = Encoding.ASCII.GetString(_buffer, _start, newline - _start).TrimEnd('\r');
                _start = newline + 1;
                return line;
            }
            await FillAsync();
        }
    }

    private async Task ReadExactlyAsync(MemoryStream into, int count)
    {
        while (count > 0)
        {
            if (_start == _end)
                await FillAsync();
            var take = Math.Min(count, _end - _start);
            into.Write(_buffer, _start, take);
            (_start, count) = (_start + take, count - take);
        }
    }

    private async Task FillAsync()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            (_end, _start) = (_end - _start, 0);
        }
        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end));
        _end += read > 0 ? read : throw new IOException("The server closed the connection.");
    }
}
