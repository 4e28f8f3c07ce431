using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Sandcastle.Sandbox.Cgroups;
using Sandcastle.Sandbox.Files;
using Sandcastle.Sandbox.Files.Native;
using Sandcastle.Sandbox.ForkServers;
using Sandcastle.Sandbox.Isolation;
using Sandcastle.Sandbox.Network;
using Sandcastle.Sandbox.Trees;
using Sandcastle.Sandbox.Volumes;

namespace Sandcastle.Sandbox;

/// <summary>
/// A sandbox: an id, a persistent workspace (mounted at /workspace inside) and the process trees running in it.
/// Disposing an ephemeral sandbox destroys it; disposing a named one leaves it (use <see cref="SandboxEngine.DestroyAsync"/>).
/// </summary>
public sealed class Sandbox : IAsyncDisposable
{
    // The command and the environment travel as launcher arguments: the kernel takes at most 128 KiB per argument
    // and a few MiB in all. Larger ones are the caller's error, not a launch failure.
    private const int MaxArgumentBytes = 100_000;
    private const int MaxEnvironmentBytes = 256 * 1024;

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

    /// <summary>
    /// Starts a process tree. Non-interactive: the request's stdin is written and closed.
    /// Interactive: stdin stays open for the caller (<see cref="SandboxProcess.StandardInput"/>).
    /// </summary>
    /// <exception cref="SandboxDestroyedException">A destroy has begun.</exception>
    public SandboxProcess Start(ExecRequest request, bool interactive = false)
    {
        ThrowIfDestroyed();
        if (_engine.DataRootProblem is { } unreachable)
            throw new SandboxUnavailableException(unreachable);
        var requestedLimits = request.Limits is { } own ? SandboxLimitRanges.Validate(own) : Limits;
        var (program, snippet) = ResolveProgram(request);
        var workingDirectory = ResolveWorkingDirectory(request.WorkingDirectory);
        ValidateEnvironment(request.Environment);
        var limits = WithinQuota(requestedLimits);
        var network = request.Network ?? Network;
        var environment = WithProxy(network, request.Environment);

        // The engine's fork server forks what needs no stdin stream; until it is up, a launcher.
        if (!interactive && _engine.TryGetForkServer() is { } server)
            return StartForked(server, limits, program, snippet, workingDirectory, request with { Environment = environment }, network);

        var id = NewExecutionId();
        var snippetDirectory = snippet is null ? null
            : _engine.WriteSnippet(id, SnippetCommand.FileName(snippet.Value.Language), snippet.Value.Code);
        return Launch(id, limits, program, snippetDirectory, workingDirectory, environment, request.Stdin, interactive, network);
    }

    /// <summary>The request's environment over the proxy's variables, when the policy lets anything out.</summary>
    private IReadOnlyDictionary<string, string>? WithProxy(NetworkPolicy network, IReadOnlyDictionary<string, string>? environment)
    {
        if (!network.IsOpen)
            return environment;
        var merged = new Dictionary<string, string>(ProxyEnvironment.For(_engine.NetworkOptions.ProxyPort, _engine.NetworkOptions.NodeProxyPreload));
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            merged[name] = value;
        return merged;
    }

    private SandboxProcess StartForked(
        ForkServer server,
        SandboxLimits limits,
        IReadOnlyList<string> program,
        (SandboxLanguage Language, string Code)? snippet,
        string workingDirectory,
        ExecRequest request,
        NetworkPolicy network)
    {
        var id = NewExecutionId();
        var environment = new Dictionary<string, string>(BubblewrapCommandBuilder.BaseEnvironment);
        foreach (var (name, value) in request.Environment ?? new Dictionary<string, string>())
            environment[name] = value;
        // As bwrap's --chdir does.
        environment["PWD"] = workingDirectory;
        // A Python snippet runs in the server's already-started interpreter unless it asks for interpreter settings.
        var inProcess = snippet is { Language: SandboxLanguage.Python }
            && (request.Environment is null || !request.Environment.Keys.Any(k => k.StartsWith("PYTHON", StringComparison.Ordinal)));
        var warmNode = snippet is { } js
            ? WarmNode.For(js.Language, environment, limits, _engine.Options, network.IsOpen ? _engine.NetworkOptions.NodeProxyPreload : null)
            : null;
        var forkRequest = new ForkServerRequest(
            Id,
            inProcess ? null : program,
            snippet is { } s ? new ForkServerSnippet(SnippetCommand.FileName(s.Language), s.Code) : null,
            environment,
            workingDirectory,
            request.Stdin is { Length: > 0 } stdin ? Convert.ToBase64String(stdin.Span) : null,
            limits.MaxFileSizeBytes,
            limits.TmpBytes,
            Volume?.Name) { Node = warmNode };
        // The spare made its network namespace before it was announced, and the proxy's listener was opened there
        // then: the door serves it with this execution's policy.
        var door = network.IsOpen ? new DoorSlot() : null;
        var tree = server.Start(forkRequest, limits, _engine.TenantGroup(Tenant),
            door is null ? null : (hostPid, listener) => door.Set(_engine.OpenDoorInto(hostPid, listener, Id, network)));
        var process = Track(new SandboxProcess(
            id, tree, limits, null, _readUsage, _engine.Options.DiskQuotaPollInterval, null, interactive: false, _engine.Logger,
            memoryByAddressSpace: !_engine.Cgroups.EnforcesMemory, quotaHeldByKernel: Volume is not null));
        if (door is not null)
            _ = process.Completion.ContinueWith(_ => door.Dispose(), TaskScheduler.Default);
        return process;
    }

    private SandboxProcess Launch(
        string id,
        SandboxLimits limits,
        IReadOnlyList<string> program,
        string? snippetDirectory,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        ReadOnlyMemory<byte>? stdin,
        bool interactive,
        NetworkPolicy network)
    {
        var cgroup = _engine.Cgroups.Create(id, limits, _engine.TenantGroup(Tenant));
        Process process;
        NetworkDoor? door = null;
        try
        {
            door = network.IsOpen ? _engine.OpenDoorWithNamespace(Id, network) : null;
            var networkNamespace = door is null ? null : $"/proc/{Environment.ProcessId}/fd/{door.Namespace!.DangerousGetHandle()}";
            process = _engine.StartLauncher(cgroup, limits, WorkspacePath, program, snippetDirectory, workingDirectory, environment, forkServer: false, networkNamespace);
        }
        catch (IOException e)
        {
            Abandon();
            throw new SandboxUnavailableException(e.Message, e);
        }
        catch (SandboxUnavailableException)
        {
            Abandon();
            throw;
        }

        void Abandon()
        {
            door?.Dispose();
            cgroup.Dispose();
            if (snippetDirectory is not null)
                Directory.Delete(snippetDirectory, recursive: true);
        }

        var started = Track(new SandboxProcess(
            id, new BubblewrapTree(process, cgroup), limits, snippetDirectory, _readUsage, _engine.Options.DiskQuotaPollInterval,
            stdin, interactive, _engine.Logger, memoryByAddressSpace: !_engine.Cgroups.EnforcesMemory, quotaHeldByKernel: Volume is not null));
        if (door is not null)
            _ = started.Completion.ContinueWith(_ => door.Dispose(), TaskScheduler.Default);
        return started;
    }

    private SandboxProcess Track(SandboxProcess process)
    {
        _running[process.Id] = process;
        _ = process.Completion.ContinueWith(_ => _running.TryRemove(process.Id, out var _), TaskScheduler.Default);
        // A start that raced BeginDestroy: either the destroy's kill saw it in _running, or it sees the flag here
        // (both sides write, then read, with full fences), so nothing started keeps running into the delete.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _destroyed) != 0)
        {
            process.Kill(ExitReason.Cancelled);
            throw new SandboxDestroyedException(Id);
        }
        if (Volatile.Read(ref _resizing) != 0)
        {
            process.Kill(ExitReason.Cancelled);
            throw new SandboxUnavailableException($"The workspace of sandbox '{Id}' is being resized; run again in a moment.");
        }
        return process;
    }

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
    /// A full workspace runs nothing more. Without a file system of its own, no single file may outgrow what is left
    /// of the quota either (the running poll catches many small files); with one, the kernel says ENOSPC instead.
    /// </summary>
    private SandboxLimits WithinQuota(SandboxLimits limits)
    {
        if (limits.WorkspaceQuotaBytes <= 0)
            return limits;
        var free = limits.WorkspaceQuotaBytes - _readUsage();
        if (free <= 0)
            throw new WorkspaceQuotaExceededException(Id, limits.WorkspaceQuotaBytes);
        return Volume is not null ? limits : limits with { MaxFileSizeBytes = Math.Min(limits.MaxFileSizeBytes, free) };
    }

    private string NewExecutionId() => $"{Id}-{Guid.NewGuid():N}"[..Math.Min(Id.Length + 13, 80)];

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

    private (IReadOnlyList<string> Program, (SandboxLanguage Language, string Code)? Snippet) ResolveProgram(ExecRequest request)
    {
        if (request.Code is not null && request.Command is not null)
            throw new InvalidExecRequestException("Give either code or a command, not both.");
        if (request.Command is { } command)
        {
            if (string.IsNullOrWhiteSpace(command))
                throw new InvalidExecRequestException("The command is empty.");
            if (command.Contains('\0'))
                throw new InvalidExecRequestException("The command contains a NUL character.");
            if (Encoding.UTF8.GetByteCount(command) > MaxArgumentBytes)
                throw new InvalidExecRequestException($"The command is longer than {MaxArgumentBytes} bytes; give a script this long as Bash code instead.");
            return (["/bin/bash", "-c", command], null);
        }
        if (request.Code is null)
            throw new InvalidExecRequestException("Give code to run or a command.");
        var language = request.Language ?? throw new InvalidExecRequestException("Code needs a language: " + string.Join(", ", SandboxLanguageNames.Supported) + ".");
        return (SnippetCommand.For(language, _engine.Options), (language, request.Code));
    }

    private string ResolveWorkingDirectory(string? requested)
    {
        if (string.IsNullOrEmpty(requested) || requested is "." or "/workspace" or "/workspace/")
            return "/workspace";
        var relative = requested.StartsWith("/workspace/", StringComparison.Ordinal) ? requested["/workspace/".Length..]
            : requested.StartsWith('/') ? throw new InvalidExecRequestException($"Working directory '{requested}' is outside /workspace.")
            : requested;
        var parts = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Any(p => p is ".." || p.Contains('\0')))
            throw new InvalidExecRequestException($"Working directory '{requested}' may not contain '..'.");
        var inside = "/workspace/" + string.Join('/', parts.Where(p => p != "."));
        // Checked on the host only to give a clear error: bwrap changes directory inside the sandbox's own view.
        // The check resolves symlinks beneath the workspace, as the sandbox would: following a planted link to a
        // host path would tell the caller whether that host path exists.
        if (inside != "/workspace")
        {
            using var directory = new WorkspaceResolver(WorkspacePath).TryOpen(
                Sandcastle.Sandbox.Files.WorkspacePath.Parse(string.Join('/', parts.Where(p => p != "."))), OpenFlags.Path | OpenFlags.Directory, 0, out _);
            if (directory is null)
                throw new InvalidExecRequestException($"Working directory '{inside}' is not a directory in the workspace.");
        }
        return inside;
    }

    private static void ValidateEnvironment(IReadOnlyDictionary<string, string>? environment)
    {
        long total = 0;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            var valueBytes = Encoding.UTF8.GetByteCount(value);
            total += name.Length + valueBytes;
            if (valueBytes > MaxArgumentBytes || total > MaxEnvironmentBytes)
                throw new InvalidExecRequestException($"The environment is too large (at most {MaxArgumentBytes} bytes a variable, {MaxEnvironmentBytes} in all); pass large data in a file or on stdin.");
            if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                throw new InvalidExecRequestException($"Invalid environment variable name '{name}'.");
            if (value.Contains('\0'))
                throw new InvalidExecRequestException($"Environment variable '{name}' contains a NUL character.");
        }
    }
}
