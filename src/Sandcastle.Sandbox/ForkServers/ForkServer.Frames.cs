using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// The helper's channel (see forkserver.py): frames to it on its stdin, the reader of its frames on its stdout, and
/// its complaints on stderr, logged.
/// </summary>
internal sealed partial class ForkServer
{
    private const byte RunFrame = 1, KillFrame = 2, WarmFrame = 3;
    private const byte ReadyFrame = 1, StdoutFrame = 2, StderrFrame = 3, ExitFrame = 4, SpareFrame = 5, GoneFrame = 6;
    private const byte StartedFrame = 7, UnstartedFrame = 8;
    private const int HeaderSize = 9;

    private bool Send(byte kind, uint number, byte[] payload)
    {
        var header = new byte[HeaderSize];
        header[0] = kind;
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(1), number);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(5), (uint)payload.Length);
        lock (_writeLock)
        {
            if (_dead)
                return false;
            try
            {
                _control.Write(header);
                _control.Write(payload);
                _control.Flush();
                return true;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                return false;
            }
        }
    }

    private async Task ReadAsync()
    {
        var output = _container.StandardOutput;
        var header = new byte[HeaderSize];
        try
        {
            while (true)
            {
                await output.ReadExactlyAsync(header).ConfigureAwait(false);
                var kind = header[0];
                var number = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(1));
                var payload = new byte[BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(5))];
                await output.ReadExactlyAsync(payload).ConfigureAwait(false);
                switch (kind)
                {
                    case ReadyFrame:
                        // Its program cannot be exec'd there (a noexec mount), or (a READY again) its native zygote ended.
                        if (!ReadExecInit(payload))
                            _spares.StopAskingForNativeSpares();
                        _ready.TrySetResult();
                        break;
                    case StdoutFrame or StderrFrame when _running.TryGetValue(number, out var tree):
                        await tree.WriteAsync(kind == StderrFrame, payload).ConfigureAwait(false);
                        break;
                    case SpareFrame:
                        var (pid, native) = ReadSpare(payload);
                        _ = Task.Run(() => Attach(number, pid, native));
                        break;
                    case GoneFrame:
                        _spares.Gone(number);
                        break;
                    case StartedFrame when _running.TryGetValue(number, out var tree):
                        tree.OnStarted();
                        break;
                    case UnstartedFrame when _running.TryGetValue(number, out var tree):
                        Requeue(tree);
                        break;
                    case ExitFrame when _running.TryRemove(number, out var tree):
                        tree.Complete(new ForkServerExit(ReadInt(payload, "code")));
                        break;
                }
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ObjectDisposedException or JsonException)
        {
            if (!_dead)
                _logger.LogWarning("The fork server of pid {Pid} ended: {Error}", Pid, e.Message);
        }
        finally
        {
            _dead = true;
            _ready.TrySetException(new SandboxUnavailableException("The sandbox's fork server ended before it was ready."));
            foreach (var tree in _running.Values)
                tree.Abandon();
            _running.Clear();
            var spares = _spares.Close();
            // The spares die with the container; their cgroups can go once they have.
            await ShutDownAsync().ConfigureAwait(false);
            foreach (var spare in spares)
                spare.Discard();
        }
    }

    private async Task ShutDownAsync()
    {
        // Killing the container's pid 1 takes every execution with it; bwrap reaps it and exits.
        _container.Kill();
        await _container.WaitForExitAsync().ConfigureAwait(false);
        for (var attempt = 0; attempt < 50 && _container.Cgroup.ReadPids().Count > 0; attempt++)
        {
            _container.KillStragglers();
            await Task.Delay(10).ConfigureAwait(false);
        }
        _container.Dispose();
    }

    private static bool ReadExecInit(byte[] payload) => ReadTrue(payload, "execInit");

    private static (int Pid, bool Native) ReadSpare(byte[] payload) => (ReadInt(payload, "pid"), ReadTrue(payload, "native"));

    private static bool ReadTrue(byte[] payload, string property)
    {
        using var document = JsonDocument.Parse(payload);
        return document.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;
    }

    private static int ReadInt(byte[] payload, string property)
    {
        using var document = JsonDocument.Parse(payload);
        return document.RootElement.GetProperty(property).GetInt32();
    }

    private async Task LogDiagnosticsAsync()
    {
        try
        {
            using var reader = new StreamReader(_container.StandardError);
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
                _logger.LogWarning("Fork server {Pid}: {Line}", Pid, line);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }
}
