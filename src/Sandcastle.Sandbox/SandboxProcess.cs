using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Sandcastle.Sandbox.Cgroups;
using Sandcastle.Sandbox.Native;

namespace Sandcastle.Sandbox;

/// <summary>
/// One isolated process tree: its output as events, its end as an <see cref="ExecResult"/>.
/// Output is read by exactly one consumer (<see cref="ReadEventsAsync"/>); the tree dies as a whole on timeout,
/// output cap, disk quota, cancellation or <see cref="Kill"/>.
/// </summary>
public sealed class SandboxProcess : IAsyncDisposable
{
    private const int ReadBufferSize = 16 * 1024;
    private static readonly TimeSpan OrphanGrace = TimeSpan.FromMilliseconds(500);

    private readonly Process _process;
    private readonly ICgroup _cgroup;
    private readonly SandboxLimits _limits;
    private readonly string? _snippetDirectory;
    private readonly Func<long> _measureWorkspace;
    private readonly TimeSpan _quotaPollInterval;
    private readonly ILogger _logger;
    private readonly Channel<ExecEvent> _events = Channel.CreateUnbounded<ExecEvent>(new() { SingleReader = true });
    private readonly TaskCompletionSource<ExecResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TaskCompletionSource<ReadOnlyMemory<byte>?>? _parked;
    private int _killReason = -1;
    private volatile bool _exited;
    private bool _stdoutTruncated;
    private bool _stderrTruncated;

    internal SandboxProcess(
        string id,
        Process process,
        ICgroup cgroup,
        SandboxLimits limits,
        string? snippetDirectory,
        Func<long> measureWorkspace,
        TimeSpan quotaPollInterval,
        ReadOnlyMemory<byte>? stdin,
        bool interactive,
        ILogger logger,
        bool parked = false)
    {
        Id = id;
        _process = process;
        _cgroup = cgroup;
        _limits = limits;
        _snippetDirectory = snippetDirectory;
        _measureWorkspace = measureWorkspace;
        _quotaPollInterval = quotaPollInterval;
        _logger = logger;
        StartedAt = DateTimeOffset.UtcNow;
        Pid = process.Id;
        StandardInput = process.StandardInput.BaseStream;
        _parked = parked ? new TaskCompletionSource<ReadOnlyMemory<byte>?>(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        _ = SuperviseAsync(stdin, interactive);
    }

    /// <summary>The execution's id (unique within the engine).</summary>
    public string Id { get; }

    /// <summary>Host pid of the outermost process of the tree.</summary>
    public int Pid { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>The program's stdin; open only for interactive processes.</summary>
    public Stream StandardInput { get; }

    /// <summary>Completes when the whole tree is gone and its cgroup removed.</summary>
    public Task<ExecResult> Completion => _completion.Task;

    public bool HasExited => _completion.Task.IsCompleted;

    public SandboxLimits Limits => _limits;

    /// <summary>Memory and CPU time the tree uses so far, from its cgroup (nulls without one, or once it is gone).</summary>
    public ResourceUsage MeasureUsage()
    {
        var stats = _cgroup.ReadStats();
        return new ResourceUsage(stats.MemoryBytes, stats.CpuTime);
    }

    /// <summary>The host directory bound read-only at /run/sandcastle, if any.</summary>
    internal string? SnippetDirectory => _snippetDirectory;

    /// <summary>
    /// Output as it is produced, then one <see cref="ExecCompleted"/>. Read once. Cancelling the token
    /// stops reading; it does not kill the process (<see cref="Sandbox.ExecAsync"/> does both).
    /// </summary>
    public async IAsyncEnumerable<ExecEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in _events.Reader.ReadAllAsync(cancellationToken))
            yield return item;
    }

    /// <summary>Hands a pre-started process the bytes for its stdin (a header for the launcher, then the program's stdin).</summary>
    internal void Release(ReadOnlyMemory<byte> stdin)
    {
        if (_parked is null || !_parked.TrySetResult(stdin))
            throw new InvalidOperationException("This process was not waiting to be released.");
    }

    /// <summary>Kills the whole tree. The first reason given is the one reported.</summary>
    public void Kill(ExitReason reason = ExitReason.Cancelled)
    {
        Interlocked.CompareExchange(ref _killReason, (int)reason, -1);
        KillTree();
    }

    public async ValueTask DisposeAsync()
    {
        if (!HasExited)
            Kill();
        await Completion.ConfigureAwait(false);
        _stop.Dispose();
        _process.Dispose();
    }

    private async Task SuperviseAsync(ReadOnlyMemory<byte>? stdin, bool interactive)
    {
        ExecResult result;
        try
        {
            var stdout = PumpAsync(_process.StandardOutput.BaseStream, OutputStream.Stdout);
            var stderr = PumpAsync(_process.StandardError.BaseStream, OutputStream.Stderr);
            var exited = _process.WaitForExitAsync();
            if (_parked is not null)
            {
                // A pre-started process waits for its program; its limits start counting when it gets one.
                await Task.WhenAny(_parked.Task, exited).ConfigureAwait(false);
                if (_parked.Task.IsCompletedSuccessfully)
                    stdin = _parked.Task.Result;
                _clock.Restart();
            }
            if (!interactive)
                _ = FeedStdinAsync(stdin);
            using var timeout = _limits.Timeout > TimeSpan.Zero && _limits.Timeout != Timeout.InfiniteTimeSpan
                ? new Timer(_ => Kill(ExitReason.Timeout), null, _limits.Timeout, Timeout.InfiniteTimeSpan)
                : null;
            var quota = WatchDiskQuotaAsync(_stop.Token);
            await exited.ConfigureAwait(false);
            _exited = true;
            var pumps = Task.WhenAll(stdout, stderr);
            // The launcher is gone. If it was killed from outside, part of the tree (the namespace's pid 1) can
            // outlive it and hold the pipes open: after a short grace, kill what is left so the stream always ends.
            if (await Task.WhenAny(pumps, Task.Delay(OrphanGrace)).ConfigureAwait(false) != pumps)
            {
                foreach (var pid in _cgroup.ReadPids())
                    Libc.Kill(pid, Libc.SIGKILL);
            }
            await pumps.ConfigureAwait(false);
            await _stop.CancelAsync().ConfigureAwait(false);
            await quota.ConfigureAwait(false);
            result = Finish();
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Supervising execution {Id} failed", Id);
            KillTree();
            result = new ExecResult(-1, null, ExitReason.Cancelled, _clock.Elapsed, null, null);
        }
        finally
        {
            Cleanup();
        }
        _events.Writer.TryWrite(new ExecCompleted(result));
        _events.Writer.TryComplete();
        _completion.TrySetResult(result);
    }

    private ExecResult Finish()
    {
        var wall = _clock.Elapsed;
        var stats = _cgroup.ReadStats();
        var exitCode = _process.ExitCode;
        var killed = Volatile.Read(ref _killReason);
        var reason = killed >= 0 ? (ExitReason)killed
            : stats.OomKills > 0 ? ExitReason.OutOfMemory
            : ExitReason.Exited;
        // bwrap reports a signal death as 128+signal, as a shell does.
        int? signal = exitCode is > 128 and < 128 + 65 ? exitCode - 128 : null;
        return new ExecResult(exitCode, signal, reason, wall, stats.CpuTime, stats.PeakMemoryBytes, _stdoutTruncated, _stderrTruncated);
    }

    private void Cleanup()
    {
        // Anything still in the cgroup (there should be nothing once pid 1 is gone) is killed before removal.
        foreach (var pid in _cgroup.ReadPids())
            Libc.Kill(pid, Libc.SIGKILL);
        _cgroup.Dispose();
        if (_snippetDirectory is not null)
        {
            try
            {
                Directory.Delete(_snippetDirectory, recursive: true);
            }
            catch (IOException e)
            {
                _logger.LogWarning("Could not remove {Directory}: {Error}", _snippetDirectory, e.Message);
            }
        }
    }

    private async Task FeedStdinAsync(ReadOnlyMemory<byte>? stdin)
    {
        try
        {
            if (stdin is { Length: > 0 } bytes)
                await StandardInput.WriteAsync(bytes, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The program exited or closed stdin before reading it all: not an error of ours.
        }
        finally
        {
            try
            {
                StandardInput.Close();
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task PumpAsync(Stream source, OutputStream stream)
    {
        var decoder = new UTF8Encoding(false, false).GetDecoder();
        var bytes = new byte[ReadBufferSize];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(ReadBufferSize)];
        long total = 0;
        var truncated = false;
        int read;
        while ((read = await source.ReadAsync(bytes).ConfigureAwait(false)) > 0)
        {
            if (truncated)
                continue; // Drain until the killed tree closes the pipe.
            var keep = (int)Math.Min(read, _limits.MaxOutputBytes - total);
            total += keep;
            var count = decoder.GetChars(bytes, 0, keep, chars, 0, flush: false);
            if (count > 0)
                _events.Writer.TryWrite(new ExecOutput(stream, new string(chars, 0, count)));
            if (keep < read)
            {
                truncated = true;
                if (stream == OutputStream.Stdout)
                    _stdoutTruncated = true;
                else
                    _stderrTruncated = true;
                _events.Writer.TryWrite(new ExecOutput(stream, $"\n[sandcastle: {stream.ToString().ToLowerInvariant()} cut at {_limits.MaxOutputBytes} bytes; process stopped]\n"));
                Kill(ExitReason.OutputLimit);
            }
        }
        var tail = decoder.GetChars(bytes, 0, 0, chars, 0, flush: true);
        if (tail > 0 && !truncated)
            _events.Writer.TryWrite(new ExecOutput(stream, new string(chars, 0, tail)));
    }

    private async Task WatchDiskQuotaAsync(CancellationToken cancellationToken)
    {
        if (_limits.WorkspaceQuotaBytes <= 0 || _quotaPollInterval <= TimeSpan.Zero)
            return;
        using var timer = new PeriodicTimer(_quotaPollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_measureWorkspace() > _limits.WorkspaceQuotaBytes)
                {
                    _events.Writer.TryWrite(new ExecOutput(OutputStream.Stderr, $"\n[sandcastle: workspace passed its {_limits.WorkspaceQuotaBytes} byte quota; process stopped]\n"));
                    Kill(ExitReason.DiskQuota);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Kills pid 1 of the sandbox's pid namespace: the kernel then kills every process in it, daemons and
    /// setsid children included, and bwrap (its parent) reaps it and exits, so no zombie is left for init.
    /// Before bwrap has made its child, killing bwrap itself is enough.
    /// </summary>
    private void KillTree()
    {
        // Once bwrap is reaped its pid may belong to someone else.
        if (_exited)
            return;
        var target = FindNamespaceInit() ?? Pid;
        Libc.Kill(target, Libc.SIGKILL);
    }

    private int? FindNamespaceInit()
    {
        try
        {
            var children = File.ReadAllText($"/proc/{Pid}/task/{Pid}/children");
            var first = children.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return first is null ? null : int.Parse(first);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
