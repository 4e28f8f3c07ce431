using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using Sandcastle.Sandbox.Files;
using Sandcastle.Sandbox.Network;
using Sandcastle.Sandbox.Volumes;

namespace Sandcastle.Sandbox;

/// <summary>
/// A sandbox: an id, a persistent workspace (mounted at /workspace inside) and the process trees running in it.
/// Disposing an ephemeral sandbox destroys it; disposing a named one leaves it (use <see cref="SandboxEngine.DestroyAsync"/>).
/// </summary>
public sealed partial class Sandbox : IAsyncDisposable
{
    private readonly SandboxEngine _engine;
    private readonly ConcurrentDictionary<string, SandboxProcess> _running = new();
    private int _destroyed;
    private readonly SharedWorkspaceUsage _usage;
    private readonly Func<long> _readUsage;

    internal Sandbox(SandboxEngine engine, string id, string workspacePath, SandboxLimits limits, bool ephemeral, WorkspaceVolume? volume)
    {
        _engine = engine;
        Id = id;
        WorkspacePath = workspacePath;
        Volume = volume;
        Limits = limits;
        IsEphemeral = ephemeral;
        _usage = new SharedWorkspaceUsage(MeasureWorkspace, engine.Options.DiskQuotaPollInterval);
        // One statvfs costs less than sharing it would: every check reads the kernel's figure of this moment.
        _readUsage = volume is not null ? MeasureWorkspace : _usage.Read;
    }

    public string Id { get; }

    /// <summary>The workspace directory on the host (the mount point of its own file system, when it has one).</summary>
    public string WorkspacePath { get; }

    /// <summary>The workspace's own file system, which enforces the quota; null: a directory under the watcher.</summary>
    internal WorkspaceVolume? Volume { get; }

    /// <summary>The engine's volumes (for a restore that swaps the workspace's file system).</summary>
    internal WorkspaceVolumes? Volumes => _engine.Volumes;

    /// <summary>The uid (and gid) that owns the workspace's files.</summary>
    internal int OwnerUid => _engine.SandboxUid;

    /// <summary>
    /// Limits applied to each execution that does not bring its own; out-of-range values are refused. A new quota
    /// resizes the workspace's file system; one below what it holds is refused.
    /// </summary>
    public SandboxLimits Limits
    {
        get;
        set
        {
            var limits = SandboxLimitRanges.Validate(value);
            if (Volume is not null && field is not null && limits.WorkspaceQuotaBytes > 0 && limits.WorkspaceQuotaBytes != field.WorkspaceQuotaBytes)
                ResizeVolume(limits.WorkspaceQuotaBytes);
            field = limits;
        }
    }

    private int _resizing;

    /// <summary>
    /// An image is resized unmounted: nothing may run meanwhile (an execution keeps its own mount of it), so starts
    /// are refused during it, as during a destroy, and a sandbox that runs something keeps its quota.
    /// </summary>
    private void ResizeVolume(long quotaBytes)
    {
        if (Interlocked.Exchange(ref _resizing, 1) != 0)
            throw new InvalidSandboxLimitsException($"The workspace quota of sandbox '{Id}' is being changed already.");
        try
        {
            Interlocked.MemoryBarrier();
            // A run that just ended leaves the running list a moment after its result is out.
            if (!SpinWait.SpinUntil(() => _running.IsEmpty, TimeSpan.FromSeconds(1)))
                throw new InvalidSandboxLimitsException($"Sandbox '{Id}' runs processes; its workspace quota can change once they have ended.");
            _engine.Volumes!.Resize(Volume!, quotaBytes);
        }
        catch (IOException e)
        {
            throw new SandboxUnavailableException($"The workspace of sandbox '{Id}' could not be resized: {e.Message}", e);
        }
        finally
        {
            Volatile.Write(ref _resizing, 0);
        }
    }

    public bool IsEphemeral { get; }

    /// <summary>Where each execution that does not bring its own policy may connect (through the egress proxy).</summary>
    public NetworkPolicy Network { get; set; } = NetworkPolicy.None;

    /// <summary>
    /// Whose sandbox this is: its executions' cgroups sit in the tenant's, whose aggregate limits
    /// (<see cref="SandboxOptions.Tenants"/>) bound everything the tenant runs at once. Null: only each execution's
    /// own limits apply. Set before starting anything; what already runs stays where it started.
    /// </summary>
    public string? Tenant { get; set; }

    /// <summary>The engine's configuration (tool paths the code contexts need).</summary>
    internal SandboxOptions EngineOptions => _engine.Options;

    public IReadOnlyCollection<SandboxProcess> RunningProcesses => [.. _running.Values];

    /// <summary>
    /// Processes whose program has not ended, as callers see running: an exec is answered before its cgroup is
    /// removed, and until then it is still among <see cref="RunningProcesses"/> (killable), but no longer running.
    /// </summary>
    public int RunningProgramCount => _running.Values.Count(p => !p.HasExited);

    /// <summary>File operations confined to the workspace (symlinks planted inside cannot lead out), under the current quota.</summary>
    public WorkspaceFileSystem Files => new(
        WorkspacePath, _engine.SandboxUid, _engine.SandboxUid, Limits.WorkspaceQuotaBytes > 0 ? Limits.WorkspaceQuotaBytes : long.MaxValue, Volume);

    /// <summary>What the running processes use now, summed (memory and CPU are null when no cgroup reports them).</summary>
    public SandboxUsage MeasureUsage()
    {
        var processes = RunningProcesses.Where(p => !p.HasExited).ToList();
        var usages = processes.Select(p => p.MeasureUsage()).ToList();
        return new SandboxUsage(
            Id,
            processes.Count,
            usages.Any(u => u.MemoryBytes is not null) ? usages.Sum(u => u.MemoryBytes ?? 0) : null,
            usages.Any(u => u.CpuTime is not null) ? TimeSpan.FromTicks(usages.Sum(u => u.CpuTime?.Ticks ?? 0)) : null);
    }

    /// <summary>
    /// A connection to a port a process of this sandbox listens on (in that execution's own network namespace), or
    /// null when none listens there: how preview URLs reach a server started inside.
    /// </summary>
    public Task<System.Net.Sockets.Socket?> ConnectToPortAsync(int port, CancellationToken cancellationToken = default) =>
        SandboxPorts.ConnectAsync(RunningProcesses, port, cancellationToken);

    /// <summary>
    /// Bytes the workspace holds now: with a file system of its own, one statvfs (blocks in use, directories and
    /// symlinks included); else a walk summing regular files.
    /// </summary>
    public long MeasureWorkspace() => Volume?.Measure().UsedBytes ?? Files.GetUsageBytes();

    /// <summary>What the workspace's own file system holds (bytes and entries, one statvfs); null without one.</summary>
    public VolumeUsage? MeasureVolume() => Volume?.Measure();

    /// <summary>Workspace walks the quota watchers made (one serves every running process for a poll interval; none with a volume).</summary>
    internal int QuotaWalks => _usage.Walks;

    /// <summary>Whether a destroy has begun.</summary>
    public bool IsDestroyed => Volatile.Read(ref _destroyed) != 0;

    /// <summary>From now on <see cref="Start"/> refuses; call <see cref="KillAllAsync"/> after it.</summary>
    internal void BeginDestroy()
    {
        Interlocked.Exchange(ref _destroyed, 1);
    }

    private void ThrowIfDestroyed()
    {
        if (IsDestroyed)
            throw new SandboxDestroyedException(Id);
    }

    /// <summary>
    /// Runs a request and streams its output, then its result. Cancelling the token, or abandoning the
    /// enumeration, kills the process tree.
    /// </summary>
    public async IAsyncEnumerable<ExecEvent> ExecAsync(ExecRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var process = Start(request);
        await using var registration = cancellationToken.Register(() => process.Kill(ExitReason.Cancelled));
        try
        {
            await foreach (var item in process.ReadEventsAsync(CancellationToken.None).ConfigureAwait(false))
                yield return item;
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(ExitReason.Cancelled);
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Runs a request to its end and gathers all output.</summary>
    public async Task<CollectedExec> RunAsync(ExecRequest request, CancellationToken cancellationToken = default)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        ExecResult? result = null;
        await foreach (var item in ExecAsync(request, cancellationToken).ConfigureAwait(false))
        {
            switch (item)
            {
                case ExecOutput { Stream: OutputStream.Stdout } o: stdout.Append(o.Text); break;
                case ExecOutput o: stderr.Append(o.Text); break;
                case ExecCompleted c: result = c.Result; break;
            }
        }
        return new CollectedExec(stdout.ToString(), stderr.ToString(), result!);
    }

    /// <summary>Kills every running process tree and waits until they are gone.</summary>
    public async Task KillAllAsync()
    {
        var processes = _running.Values.ToArray();
        foreach (var process in processes)
            process.Kill(ExitReason.Cancelled);
        await Task.WhenAll(processes.Select(p => p.Completion)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (IsEphemeral)
            await _engine.DestroyAsync(Id).ConfigureAwait(false);
    }
}
