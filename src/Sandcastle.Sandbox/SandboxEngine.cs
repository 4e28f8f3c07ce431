using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sandcastle.Sandbox.Cgroups;
using Sandcastle.Sandbox.Files;
using Sandcastle.Sandbox.ForkServers;
using Sandcastle.Sandbox.Isolation;
using Sandcastle.Sandbox.Isolation.Seccomp;
using Sandcastle.Sandbox.Network;
using Sandcastle.Sandbox.Volumes;

namespace Sandcastle.Sandbox;

/// <summary>
/// Makes, finds and destroys sandboxes under the data root. One per process (register it as a singleton):
/// it owns the cgroup parent and the live process trees.
/// </summary>
public sealed partial class SandboxEngine : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Sandbox> _sandboxes = new();
    private readonly SandboxHostPaths _paths;
    private readonly MatplotlibFontCache _fontCache;
    private readonly Trash _trash;
    private readonly ConcurrentDictionary<string, Lazy<Task<bool>>> _destroying = new(StringComparer.Ordinal);

    /// <param name="options">The engine's configuration.</param>
    /// <param name="logger">Where its complaints go.</param>
    /// <param name="network">Egress configuration (the proxy's port, the operator's private targets); none: defaults.</param>
    /// <param name="resolver">Resolves the names sandboxes ask the proxy for; none: DNS.</param>
    /// <param name="egressLog">Where the proxy records connections; none: a log of the engine's own.</param>
    public SandboxEngine(
        IOptions<SandboxOptions> options,
        ILogger<SandboxEngine>? logger = null,
        IOptions<NetworkOptions>? network = null,
        IEgressResolver? resolver = null,
        EgressLog? egressLog = null)
    {
        Options = options.Value;
        NetworkOptions = network?.Value ?? new NetworkOptions();
        Egress = new EgressProxy(NetworkOptions, resolver ?? new DnsEgressResolver(), egressLog ?? new EgressLog());
        Logger = (ILogger?)logger ?? NullLogger.Instance;
        DataRoot = Sandcastle.Sandbox.DataRoot.Resolve(Options.DataRoot);
        IsPrivileged = Environment.IsPrivilegedProcess;
        SandboxUid = IsPrivileged ? Options.SandboxUid : (int)Native.Libc.GetUid();
        _paths = new SandboxHostPaths(DataRoot, ResolveCacheDirectory(Options.CacheDirectory));
        _paths.Initialize(SandboxUid);
        _trash = new Trash(_paths.TrashDirectory);
        EmptyTrashInBackground();
        Volumes = WorkspaceVolumes.Open(DataRoot, _paths.VolumesDirectory, SandboxUid, IsPrivileged, Options.KernelWorkspaceQuota, Logger, out var noVolumes);
        KernelQuotaUnavailable = noVolumes;
        _dataRootProblem = new Lazy<string?>(() => DataRootReachability.Check(_paths, Options, SandboxUid, IsPrivileged));
        Cgroups = CgroupBackendFactory.Create(Options.CgroupMode, Options.CgroupParent, EngineCgroupNames.ForNewEngine(), Logger);
        _tenantLimits = Options.Tenants.Resolve();
        _fontCache = new MatplotlibFontCache(_paths.MatplotlibCacheDirectory, Options.PythonPath, Logger);
        _fontCache.Warm();
        var seccompFilter = SeccompFilterFile.Prepare(_paths.CacheDirectory, Options.SeccompFilter, Logger);
        SeccompFilter = seccompFilter is not null;
        CommandBuilder = new BubblewrapCommandBuilder(Options, _paths, _fontCache, dropPrivileges: IsPrivileged, seccompFilter);
        ForkServerDirectory = ForkServerFiles.Prepare(_paths.RunDirectory, seccompFilter);
        TypeStripper = WarmNode.InstalledStripper(Options);
        // The fork server needs a cgroup per execution to move each one into; with rlimits only, every run has its own launcher.
        _forkServersUsable = Options.ForkServer && Cgroups.Name != "none";
    }

    private readonly Lazy<string?> _dataRootProblem;

    /// <summary>Where warm Nodes find the TypeScript type stripper; null when it is not installed (esbuild then).</summary>
    internal string? TypeStripper { get; }

    /// <summary>
    /// Why no sandbox can run with this data root (the sandbox uid cannot reach it), with the fix; null when it can.
    /// Checked once, on first use.
    /// </summary>
    public string? DataRootProblem => _dataRootProblem.Value;

    public string DataRoot { get; }

    /// <summary>"v2", "v1" or "none" (rlimits only).</summary>
    public string CgroupVersion => Cgroups.Name;

    /// <summary>Which limits are weaker here than documented (no usable cgroup controller, e.g. not root); null when none are.</summary>
    public string? WeakerLimits => Cgroups.Name == "none"
        ? "no usable cgroups here (not root, or no controllers): memory is capped per process by address space (RLIMIT_AS), and there is no process-count or CPU limit"
        : null;

    /// <summary>Workspaces' own file systems, when the kernel can enforce quotas here; null: the watcher walks.</summary>
    internal WorkspaceVolumes? Volumes { get; }

    /// <summary>Why workspace quotas are not enforced by the kernel here (the watcher measures instead); null when they are.</summary>
    public string? KernelQuotaUnavailable { get; }

    /// <summary>How workspace quotas are enforced, in a line for the server's start-up report.</summary>
    public string WorkspaceQuotaEnforcement => KernelQuotaUnavailable is { } reason
        ? $"measured by walking each workspace every {Options.DiskQuotaPollInterval.TotalMilliseconds:0} ms while it runs something, not enforced by the kernel: {reason}; empty files, directories and symlinks are not counted"
        : "enforced by the kernel (a tmpfs per ephemeral sandbox, an ext4 image per named one): bytes and entries";

    /// <summary>The uid sandboxed code runs as.</summary>
    public int SandboxUid { get; }

    public bool IsPrivileged { get; }

    /// <summary>Whether sandboxed programs run under the seccomp filter (false where it could not be built; see the log).</summary>
    public bool SeccompFilter { get; }

    internal SandboxOptions Options { get; }

    internal ILogger Logger { get; }

    internal ICgroupBackend Cgroups { get; }

    internal BubblewrapCommandBuilder CommandBuilder { get; }

    /// <summary>Returns the sandbox with this id, creating its workspace on first use.</summary>
    /// <exception cref="SandboxDestroyedException">The sandbox is being destroyed now.</exception>
    public Sandbox GetOrCreate(string id, SandboxLimits? limits = null)
    {
        SandboxIds.Validate(id);
        if (_destroying.ContainsKey(id))
            throw new SandboxDestroyedException(id);
        if (limits is not null)
            SandboxLimitRanges.Validate(limits);
        var sandbox = _sandboxes.GetOrAdd(id, key => Materialize(key, limits ?? Options.DefaultLimits, ephemeral: false));
        if (limits is not null)
            sandbox.Limits = limits;
        return sandbox;
    }

    /// <summary>The sandbox if it exists (on disk or live), else null.</summary>
    public Sandbox? Find(string id)
    {
        if (!SandboxIds.IsValid(id))
            return null;
        if (_sandboxes.TryGetValue(id, out var live))
            return live;
        return _paths.HasWorkspace(id) ? GetOrCreate(id) : null;
    }

    /// <summary>A new sandbox with a fresh workspace, destroyed when disposed.</summary>
    public Sandbox CreateEphemeral(SandboxLimits? limits = null)
    {
        var id = SandboxIds.NewEphemeral();
        var sandbox = Materialize(id, SandboxLimitRanges.Validate(limits ?? Options.DefaultLimits), ephemeral: true);
        _sandboxes[id] = sandbox;
        return sandbox;
    }

    /// <summary>Every sandbox with a workspace on disk.</summary>
    public IReadOnlyList<SandboxInfo> List()
    {
        if (!Directory.Exists(_paths.SandboxesDirectory))
            return [];
        return [.. new DirectoryInfo(_paths.SandboxesDirectory).EnumerateDirectories()
            .Where(d => SandboxIds.IsValid(d.Name))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => new SandboxInfo(
                d.Name,
                _sandboxes.TryGetValue(d.Name, out var mounted) ? mounted.WorkspacePath
                    : Volumes is not null && File.Exists(_paths.WorkspaceImage(d.Name)) ? Volumes.MountPointFor(d.Name)
                    : Path.Combine(d.FullName, "workspace"),
                new DateTimeOffset(d.CreationTimeUtc, TimeSpan.Zero),
                _sandboxes.TryGetValue(d.Name, out var live) ? live.RunningProgramCount : 0))];
    }

    /// <summary>
    /// The sandboxes of this process that run something now, with what their processes use. Cheap: a few cgroup
    /// files per running process, no workspace walk.
    /// </summary>
    public IReadOnlyList<SandboxUsage> MeasureBusy() =>
        [.. _sandboxes.Values.Where(s => s.RunningProgramCount > 0).Select(s => s.MeasureUsage()).Where(u => u.RunningProcesses > 0)];

    /// <summary>
    /// Kills every process of the sandbox and deletes its workspace. False when there was no such sandbox.
    /// The sandbox first stops starting processes, then everything it runs is killed, then its directory is renamed
    /// into the root-only trash (no sandbox can reach it there by path), then killed again (anything that slipped
    /// in), and only then deleted, through descriptors that never follow a symlink. Sandboxed code that swaps a
    /// directory for a link to a host path mid-delete gets the link removed, never the host path.
    /// </summary>
    public async Task<bool> DestroyAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!SandboxIds.IsValid(id))
            return false;
        var destroy = _destroying.GetOrAdd(id, key => new Lazy<Task<bool>>(() => DestroyOnceAsync(key)));
        try
        {
            return await destroy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (destroy.Value.IsCompleted)
                _destroying.TryRemove(new KeyValuePair<string, Lazy<Task<bool>>>(id, destroy));
        }
    }

    private async Task<bool> DestroyOnceAsync(string id)
    {
        await Task.Yield();
        var sandbox = await StopAsync(id).ConfigureAwait(false);
        Egress.Log.Forget(id);
        // Its own file system is unmounted before the rename: the trash then holds at most the image, a plain file.
        ReleaseVolume(id);
        var trashed = _trash.MoveIn(_paths.SandboxDirectory(id));
        // After the last point where work could start on the old directory: a start that raced the first kill, or a
        // GetOrCreate that slipped in before the rename, dies now.
        if (sandbox is not null)
            await sandbox.KillAllAsync().ConfigureAwait(false);
        var late = await StopAsync(id).ConfigureAwait(false);
        if (trashed is null)
            return sandbox is not null || late is not null;
        try
        {
            _trash.Delete(trashed);
        }
        catch (IOException e)
        {
            // Out of every sandbox's reach already; the next start empties the trash.
            Logger.LogWarning("Sandbox {Id} is destroyed but its files stay in the trash until the next start: {Error}", id, e.Message);
        }
        return true;
    }

    /// <summary>
    /// Runs a trivial program in a throw-away sandbox to prove the tools and the kernel allow isolation here.
    /// </summary>
    public async Task<SandboxHealth> CheckAsync(CancellationToken cancellationToken = default)
    {
        var missing = new[] { Options.BubblewrapPath, Options.PythonPath, Options.NodePath }
            .Concat(IsPrivileged ? [Options.SetprivPath] : [])
            .Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
            return new SandboxHealth(false, CgroupVersion, $"Missing: {string.Join(", ", missing)}. Run scripts/setup (it installs bubblewrap, Debian's python3 with numpy, pandas and matplotlib, and Node.js).");
        if (DataRootProblem is { } unreachable)
            return new SandboxHealth(false, CgroupVersion, char.ToUpperInvariant(unreachable[0]) + unreachable[1..]);
        try
        {
            await using var sandbox = CreateEphemeral(Options.DefaultLimits with { Timeout = TimeSpan.FromSeconds(10) });
            var run = await sandbox.RunAsync(ExecRequest.ForCommand("echo ok"), cancellationToken).ConfigureAwait(false);
            return run.Result.Success && run.Stdout.Trim() == "ok"
                ? new SandboxHealth(true, CgroupVersion, null)
                : new SandboxHealth(false, CgroupVersion, $"A test sandbox failed (exit {run.Result.ExitCode}): {run.Stderr.Trim()}");
        }
        catch (SandboxUnavailableException e)
        {
            return new SandboxHealth(false, CgroupVersion, e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _forkServersUsable = false;
        await _fontCache.WaitAsync().ConfigureAwait(false);
        foreach (var sandbox in _sandboxes.Values.ToArray())
        {
            if (sandbox.IsEphemeral)
                await DestroyAsync(sandbox.Id).ConfigureAwait(false);
            else
                await sandbox.KillAllAsync().ConfigureAwait(false);
        }
        if (Interlocked.Exchange(ref _forkServer, null) is { } server)
            await server.DisposeAsync().ConfigureAwait(false);
        await StaleEngineCgroups.RemoveOwnAsync(Cgroups.EngineDirectories, Logger).ConfigureAwait(false);
        Volumes?.Dispose();
    }

    private readonly SandboxLimits _tenantLimits;
    private readonly ConcurrentDictionary<string, Lazy<string>> _tenantGroups = new(StringComparer.Ordinal);

    /// <summary>
    /// The cgroup group of a tenant's executions, made with the tenant's aggregate limits on its first execution
    /// here; null for executions of no tenant (the engine used alone), which only their own limits bound.
    /// </summary>
    internal string? TenantGroup(string? tenant)
    {
        if (tenant is null)
            return null;
        var group = _tenantGroups.GetOrAdd(tenant, t => new Lazy<string>(() =>
        {
            var name = TenantNames.CgroupName(t);
            Cgroups.CreateGroup(name, _tenantLimits);
            return name;
        }));
        try
        {
            return group.Value;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _tenantGroups.TryRemove(new KeyValuePair<string, Lazy<string>>(tenant, group));
            throw new SandboxUnavailableException($"Could not make the cgroup of tenant '{tenant}': {e.Message}", e);
        }
    }

    private void ReleaseVolume(string id)
    {
        try
        {
            Volumes?.Release(id);
        }
        catch (IOException e)
        {
            Logger.LogWarning("Sandbox {Id}'s workspace volume could not be unmounted: {Error}", id, e.Message);
        }
    }

    /// <summary>Writes a snippet where the sandbox will see it read-only at /run/sandcastle.</summary>
    internal string WriteSnippet(string executionId, string fileName, string code)
    {
        var directory = Path.Combine(_paths.RunDirectory, executionId);
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var file = Path.Combine(directory, fileName);
        File.WriteAllText(file, code, new UTF8Encoding(false));
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return directory;
    }

    /// <summary>Takes the live sandbox out of the engine, stops it starting anything, and kills what it runs.</summary>
    private async Task<Sandbox?> StopAsync(string id)
    {
        if (!_sandboxes.TryRemove(id, out var sandbox))
            return null;
        sandbox.BeginDestroy();
        await sandbox.KillAllAsync().ConfigureAwait(false);
        return sandbox;
    }

    /// <summary>What a crash or a failed delete left in the trash goes now, off the start path.</summary>
    private void EmptyTrashInBackground() => _ = Task.Run(() =>
    {
        try
        {
            if (_trash.Empty() is > 0 and var count)
                Logger.LogInformation("Deleted {Count} destroyed sandbox directories left in the trash", count);
        }
        catch (IOException e)
        {
            Logger.LogWarning("Could not empty the trash: {Error}", e.Message);
        }
    });

    private static string? ResolveCacheDirectory(string? configured)
    {
        var directory = !string.IsNullOrWhiteSpace(configured) ? configured : Environment.GetEnvironmentVariable("SANDCASTLE_CACHE_DIR");
        return string.IsNullOrWhiteSpace(directory) ? null : Path.GetFullPath(directory);
    }

    private Sandbox Materialize(string id, SandboxLimits limits, bool ephemeral)
    {
        var workspace = _paths.Workspace(id);
        // A workspace directory made before volumes (or without a quota) stays a directory, under the watcher.
        if (Volumes is not null && limits.WorkspaceQuotaBytes > 0 && !Directory.Exists(workspace))
            return MaterializeVolume(id, limits, ephemeral);
        if (!Directory.Exists(workspace))
        {
            Directory.CreateDirectory(_paths.SandboxDirectory(id));
            File.SetUnixFileMode(_paths.SandboxDirectory(id), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            Directory.CreateDirectory(workspace);
            File.SetUnixFileMode(workspace, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            if (IsPrivileged)
                Native.Libc.Chown(workspace, SandboxUid, SandboxUid);
        }
        return new Sandbox(this, id, workspace, limits, ephemeral, volume: null);
    }

    private Sandbox MaterializeVolume(string id, SandboxLimits limits, bool ephemeral)
    {
        var directory = _paths.SandboxDirectory(id);
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        try
        {
            var volume = ephemeral
                ? Volumes!.MountTmpfs(id, limits.WorkspaceQuotaBytes)
                : Volumes!.OpenImage(id, directory, limits.WorkspaceQuotaBytes);
            return new Sandbox(this, id, volume.MountPoint, limits, ephemeral, volume);
        }
        catch (IOException e)
        {
            throw new SandboxUnavailableException($"The workspace of sandbox '{id}' could not be mounted: {e.Message}", e);
        }
    }
}
