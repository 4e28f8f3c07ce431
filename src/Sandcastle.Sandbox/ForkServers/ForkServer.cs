using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sandcastle.Sandbox.Cgroups;
using Sandcastle.Sandbox.Trees;

namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// The engine's fork server: one long-lived bubblewrap container whose helper forks each execution into fresh
/// mount, pid, IPC, network and cgroup namespaces, with its sandbox's workspace, its own cgroup, no capabilities and
/// the seccomp filter. An execution then costs a fork instead of a launcher chain, a bwrap and an interpreter
/// start. Talks to the helper in frames over its stdin and stdout (see forkserver.py).
/// </summary>
internal sealed class ForkServer : IAsyncDisposable
{
    private const byte RunFrame = 1, KillFrame = 2, GoFrame = 3;
    private const byte ReadyFrame = 1, StdoutFrame = 2, StderrFrame = 3, ExitFrame = 4, StartedFrame = 5;
    private const int HeaderSize = 9;

    private readonly BubblewrapTree _container;
    private readonly ICgroup _cgroup;
    private readonly ILogger _logger;
    private readonly Stream _control;
    private readonly Lock _writeLock = new();
    private readonly ConcurrentDictionary<uint, ForkServerTree> _running = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reader;
    private uint _lastNumber;
    private int _serverPid;

    private volatile bool _dead;

    /// <param name="container">The container's launcher, started with the helper as its program, in a cgroup of its own.</param>
    public ForkServer(BubblewrapTree container, ILogger logger)
    {
        _container = container;
        _cgroup = container.Cgroup;
        _logger = logger;
        Pid = container.Pid;
        _control = container.StandardInput;
        _reader = Task.Run(ReadAsync);
        _ = Task.Run(LogDiagnosticsAsync);
    }

    public int Pid { get; }

    public bool IsAlive => !_dead;

    public bool IsReady => _ready.Task.IsCompletedSuccessfully && !_dead;

    public int RunningCount => _running.Count;

    /// <summary>Completes when the helper has started and waits for executions; faults if it died first.</summary>
    public Task WaitUntilReadyAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    /// <summary>Forks one execution into the given cgroup (the tree owns it). Its output and end arrive on the returned tree.</summary>
    public ForkServerTree Start(ForkServerRequest request, ICgroup cgroup)
    {
        var number = Interlocked.Increment(ref _lastNumber);
        var tree = new ForkServerTree(this, number, cgroup);
        _running[number] = tree;
        if (!Send(RunFrame, number, JsonSerializer.SerializeToUtf8Bytes(request)))
            tree.Abandon();
        return tree;
    }

    internal void Kill(uint number) => Send(KillFrame, number, []);

    internal void Forget(uint number) => _running.TryRemove(number, out _);

    public async ValueTask DisposeAsync()
    {
        _dead = true;
        // Closing the channel ends the helper; killing the container's launcher takes the rest.
        lock (_writeLock)
        {
            try
            {
                _control.Dispose();
            }
            catch (IOException)
            {
            }
        }
        _container.Kill();
        await _reader.ConfigureAwait(false);
    }

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
                        _ready.TrySetResult();
                        break;
                    case StdoutFrame or StderrFrame when _running.TryGetValue(number, out var tree):
                        await tree.WriteAsync(kind == StderrFrame, payload).ConfigureAwait(false);
                        break;
                    case StartedFrame when _running.TryGetValue(number, out var tree):
                        var pid = JsonDocument.Parse(payload).RootElement.GetProperty("pid").GetInt32();
                        _ = Task.Run(() => Release(tree, pid));
                        break;
                    case ExitFrame when _running.TryRemove(number, out var tree):
                        tree.Complete(new ForkServerExit(JsonDocument.Parse(payload).RootElement.GetProperty("code").GetInt32()));
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
            await ShutDownAsync().ConfigureAwait(false);
        }
    }

    private async Task ShutDownAsync()
    {
        // Killing the container's pid 1 takes every execution with it; bwrap reaps it and exits.
        _container.Kill();
        await _container.WaitForExitAsync().ConfigureAwait(false);
        for (var attempt = 0; attempt < 50 && _cgroup.ReadPids().Count > 0; attempt++)
        {
            _container.KillStragglers();
            await Task.Delay(10).ConfigureAwait(false);
        }
        _container.Dispose();
    }

    /// <summary>Moves the execution's first process (still waiting) into the execution's cgroup, then lets it go on.</summary>
    private void Release(ForkServerTree tree, int namespacePid)
    {
        try
        {
            var hostPid = FindHostPid(namespacePid)
                ?? throw new InvalidOperationException($"No process {namespacePid} under the fork server.");
            foreach (var procs in tree.Cgroup.ProcsFiles)
                CgroupFiles.Write(procs, hostPid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            tree.OnStarted(hostPid);
            Send(GoFrame, tree.Number, []);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // Never let it run outside its limits.
            _logger.LogWarning("Could not move execution {Number} into its cgroup: {Error}", tree.Number, e.Message);
            Send(KillFrame, tree.Number, []);
        }
    }

    /// <summary>The host pid of a child of the helper, given its pid in the container (the last of its NSpid).</summary>
    private int? FindHostPid(int namespacePid)
    {
        var server = _serverPid != 0 ? _serverPid : _serverPid = FindServerPid();
        foreach (var child in ReadChildren(server))
        {
            var nsPid = ReadStatusField(child, "NSpid:")?.Split('\t', StringSplitOptions.RemoveEmptyEntries);
            if (nsPid is { Length: > 1 } && nsPid[^1] == namespacePid.ToString(System.Globalization.CultureInfo.InvariantCulture))
                return child;
        }
        return null;
    }

    /// <summary>The helper is the first process down from the container's launcher that runs the helper's program.</summary>
    private int FindServerPid()
    {
        var pid = Pid;
        for (var depth = 0; depth < 4; depth++)
        {
            // Its first argument is the program (bwrap's and the init's have it further along).
            var arguments = File.Exists($"/proc/{pid}/cmdline") ? File.ReadAllText($"/proc/{pid}/cmdline").Split('\0') : [];
            if (arguments.Length > 1 && arguments[1].EndsWith("/" + ForkServerFiles.ProgramFileName, StringComparison.Ordinal))
                return pid;
            pid = ReadChildren(pid).FirstOrDefault();
            if (pid == 0)
                break;
        }
        throw new InvalidOperationException("The fork server process was not found.");
    }

    private static IEnumerable<int> ReadChildren(int pid)
    {
        string children;
        try
        {
            children = File.ReadAllText($"/proc/{pid}/task/{pid}/children");
        }
        catch (IOException)
        {
            yield break;
        }
        foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            yield return int.Parse(child, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string? ReadStatusField(int pid, string field)
    {
        try
        {
            return File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal))?[field.Length..].Trim();
        }
        catch (IOException)
        {
            return null;
        }
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
