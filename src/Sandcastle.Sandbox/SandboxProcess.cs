using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Sandcastle.Sandbox.Trees;

namespace Sandcastle.Sandbox;

/// <summary>
/// One isolated process tree: its output as events, its end as an <see cref="ExecResult"/>.
/// Output is read by exactly one consumer (<see cref="ReadEventsAsync"/>); the tree dies as a whole on timeout,
/// output cap, disk quota, cancellation or <see cref="Kill"/>.
/// </summary>
public sealed partial class SandboxProcess : IAsyncDisposable
{
    private static readonly TimeSpan OrphanGrace = TimeSpan.FromMilliseconds(500);
    // How many milliseconds the clean-up waits for the tree's last processes (a forked execution's pid 1 and first
    // process, exiting as its end is told) to leave the cgroup before it removes it anyway.
    private const int CleanupWaits = 200;

    private readonly IProcessTree _tree;
    private readonly SandboxLimits _limits;
    private readonly string? _snippetDirectory;
    private readonly Func<long> _measureWorkspace;
    private readonly TimeSpan _quotaPollInterval;
    private readonly bool _quotaHeldByKernel;
    private readonly ILogger _logger;
    // Bounded: a reader slower than the program holds the program back (as a full pipe would) instead of the
    // server queueing its output without end. A long-lived process (a code context's kernel) has no output cap.
    private const int QueuedChunks = 64;

    private readonly Channel<ExecEvent> _events = Channel.CreateBounded<ExecEvent>(new BoundedChannelOptions(QueuedChunks) { SingleReader = true });
    private readonly CancellationTokenSource _killed = new();
    private readonly CancellationTokenSource _abandoned = new();
    private readonly TaskCompletionSource<ExecResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ExecResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _killReason = -1;
    private bool _stdoutTruncated;
    private bool _stderrTruncated;
    // Kept only where the memory limit is RLIMIT_AS (see AddressSpaceExhaustion).
    private readonly StringBuilder? _stderrTail;

    internal SandboxProcess(
        string id,
        IProcessTree tree,
        SandboxLimits limits,
        string? snippetDirectory,
        Func<long> measureWorkspace,
        TimeSpan quotaPollInterval,
        ReadOnlyMemory<byte>? stdin,
        bool interactive,
        ILogger logger,
        bool memoryByAddressSpace = false,
        bool quotaHeldByKernel = false)
    {
        Id = id;
        _tree = tree;
        _limits = limits;
        _snippetDirectory = snippetDirectory;
        _measureWorkspace = measureWorkspace;
        _quotaPollInterval = quotaPollInterval;
        _quotaHeldByKernel = quotaHeldByKernel;
        _logger = logger;
        _stderrTail = memoryByAddressSpace ? new StringBuilder() : null;
        StartedAt = DateTimeOffset.UtcNow;
        StandardInput = tree.StandardInput;
        _ = SuperviseAsync(stdin, interactive);
    }

    /// <summary>The execution's id (unique within the engine).</summary>
    public string Id { get; }

    /// <summary>
    /// Host pid of the outermost process of the tree (forked: of the namespace's pid 1). A forked tree's is
    /// known a moment after the start; reading it before waits (see <see cref="WaitUntilStartedAsync"/>).
    /// </summary>
    public int Pid => _tree.Pid;

    /// <summary>Completes once the tree's first process exists on the host and <see cref="Pid"/> is known.</summary>
    public Task WaitUntilStartedAsync(CancellationToken cancellationToken = default) => _tree.Started.WaitAsync(cancellationToken);

    public DateTimeOffset StartedAt { get; }

    /// <summary>The program's stdin; open only for interactive processes.</summary>
    public Stream StandardInput { get; }

    /// <summary>Completes when the whole tree is gone and its cgroup removed (a moment after the result is known).</summary>
    public Task<ExecResult> Completion => _completion.Task;

    /// <summary>Whether the result is known: the program and everything it started have ended.</summary>
    public bool HasExited => _result.Task.IsCompleted;

    public SandboxLimits Limits => _limits;

    /// <summary>Memory and CPU time the tree uses so far, from its cgroup (nulls without one, or once it is gone).</summary>
    public ResourceUsage MeasureUsage()
    {
        var stats = _tree.ReadStats();
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

    /// <summary>Kills the whole tree. The first reason given is the one reported.</summary>
    public void Kill(ExitReason reason = ExitReason.Cancelled)
    {
        Interlocked.CompareExchange(ref _killReason, (int)reason, -1);
        KillTree();
        CancelQuietly(_killed);
    }

    /// <summary>
    /// Kills the tree if it runs, and waits until it is gone; output no one read is dropped. Its cgroup is removed
    /// after that, off the caller's way (<see cref="Completion"/> waits for it).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        CancelQuietly(_abandoned);
        if (!HasExited)
            Kill();
        await _result.Task.ConfigureAwait(false);
    }

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task SuperviseAsync(ReadOnlyMemory<byte>? stdin, bool interactive)
    {
        ExecResult result;
        try
        {
            var stdout = PumpAsync(_tree.StandardOutput, OutputStream.Stdout);
            var stderr = PumpAsync(_tree.StandardError, OutputStream.Stderr);
            var exited = _tree.WaitForExitAsync();
            if (!interactive)
                _ = FeedStdinAsync(stdin);
            using var timeout = _limits.Timeout > TimeSpan.Zero && _limits.Timeout != Timeout.InfiniteTimeSpan
                ? new Timer(_ => Kill(ExitReason.Timeout), null, _limits.Timeout, Timeout.InfiniteTimeSpan)
                : null;
            // Stopped by disposing it: its pending tick then ends the watch without an exception or a thread hop.
            using var quotaTimer = _limits.WorkspaceQuotaBytes > 0 && _quotaPollInterval > TimeSpan.Zero ? new PeriodicTimer(_quotaPollInterval) : null;
            var quota = quotaTimer is null ? Task.CompletedTask : WatchDiskQuotaAsync(quotaTimer);
            await exited.ConfigureAwait(false);
            var pumps = Task.WhenAll(stdout, stderr);
            // The launcher is gone. If it was killed from outside, part of the tree (the namespace's pid 1) can
            // outlive it and hold the pipes open: after a short grace, kill what is left so the stream always ends.
            if (await Task.WhenAny(pumps, Task.Delay(OrphanGrace)).ConfigureAwait(false) != pumps)
                _tree.KillStragglers();
            await pumps.ConfigureAwait(false);
            // Both on the answer's way: a cancellation run here (only a pending stdin write listens) and a timer
            // disposed cost 5 µs, where cancelling both asynchronously cost 0.2 ms per execution.
            _stop.Cancel();
            quotaTimer?.Dispose();
            await quota.ConfigureAwait(false);
            result = Finish();
            if (result.Reason == ExitReason.OutOfMemory && _stderrTail is not null)
                await WriteOutputAsync(new ExecOutput(OutputStream.Stderr, $"\n[sandcastle: the program ran out of its {_limits.MemoryBytes / (1024 * 1024)} MB memory limit]\n")).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Supervising execution {Id} failed", Id);
            KillTree();
            result = new ExecResult(-1, null, ExitReason.Cancelled, _clock.Elapsed, null, null);
        }
        finally
        {
            // Nothing of the program runs on once its result is told.
            await KillStragglersAsync().ConfigureAwait(false);
        }
        _result.TrySetResult(result);
        // The answer first; removing the cgroup (and waiting for the tree's last processes to leave it) comes after.
        if (_events.Writer.TryWrite(new ExecCompleted(result)))
        {
            _events.Writer.TryComplete();
            await CleanupAsync().ConfigureAwait(false);
        }
        else
        {
            var cleanup = CleanupAsync();
            try
            {
                // The reader needs the end; only a disposed process (no reader left) gives it up.
                await _events.Writer.WriteAsync(new ExecCompleted(result), _abandoned.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            _events.Writer.TryComplete();
            await cleanup.ConfigureAwait(false);
        }
        _stop.Dispose();
        _completion.TrySetResult(result);
    }

    /// <summary>Kills what is left of the program and waits (bounded, without holding a thread) until it has left the cgroup.</summary>
    private async Task KillStragglersAsync()
    {
        try
        {
            for (var wait = 0; wait < CleanupWaits && _tree.KillStragglers(); wait++)
                await Task.Delay(1).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Could not kill what is left of execution {Id}: {Error}", Id, e.Message);
        }
    }

    /// <summary>Waits, without holding a thread, until the tree's last processes have left its cgroup, then removes it.</summary>
    private async Task CleanupAsync()
    {
        try
        {
            for (var wait = 0; wait < CleanupWaits && _tree.HasProcesses; wait++)
            {
                _tree.KillStragglers();
                await Task.Delay(1).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The removal below says what is wrong.
        }
        Cleanup();
    }

    private ExecResult Finish()
    {
        var wall = _clock.Elapsed;
        var stats = _tree.ReadStats();
        var exitCode = _tree.ExitCode;
        var killed = Volatile.Read(ref _killReason);
        var reason = killed >= 0 ? (ExitReason)killed
            : stats.OomKills > 0 ? ExitReason.OutOfMemory
            : _stderrTail is not null && AddressSpaceExhaustion.Matches(exitCode, _stderrTail.ToString()) ? ExitReason.OutOfMemory
            : ExitReason.Exited;
        // bwrap reports a signal death as 128+signal, as a shell does.
        int? signal = exitCode is > 128 and < 128 + 65 ? exitCode - 128 : null;
        return new ExecResult(exitCode, signal, reason, wall, stats.CpuTime, stats.PeakMemoryBytes, _stdoutTruncated, _stderrTruncated);
    }

    private void Cleanup()
    {
        try
        {
            _tree.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cgroup that would not go (a process stuck in the kernel) must not keep the stream from ending.
            _logger.LogWarning("Could not clean up after execution {Id}: {Error}", Id, e.Message);
        }
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

    /// <summary>Measures the workspace at each tick until the timer is disposed (the program ended) or the quota is passed.</summary>
    private async Task WatchDiskQuotaAsync(PeriodicTimer timer)
    {
        var fullBefore = false;
        while (await timer.WaitForNextTickAsync().ConfigureAwait(false))
        {
            // Reached, not passed: a workspace with a file system of its own never holds more than its quota (its
            // writes fail with ENOSPC), and one full to the byte refuses the next run alike. There the kernel
            // already stops the writes: the program gets one interval to report ENOSPC and end on its own.
            var full = _measureWorkspace() >= _limits.WorkspaceQuotaBytes;
            if (full && _quotaHeldByKernel && !fullBefore)
            {
                fullBefore = true;
                continue;
            }
            fullBefore = full;
            if (full)
            {
                await WriteOutputAsync(new ExecOutput(OutputStream.Stderr, $"\n[sandcastle: workspace reached its {_limits.WorkspaceQuotaBytes} byte quota; process stopped]\n")).ConfigureAwait(false);
                Kill(ExitReason.DiskQuota);
                return;
            }
        }
    }

    private void KillTree() => _tree.Kill();
}
