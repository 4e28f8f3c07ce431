using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Network;
using Sandcastle.Sessions.Cluster;
using Sandcastle.Sessions.Hosting;
using Sandcastle.Sessions.Previews;
using Sandcastle.Sessions.Processes;
using Sandcastle.Sessions.Tenants;

namespace Sandcastle.Sessions.Sandboxes;

/// <summary>
/// A durable sandbox: metadata in grain storage, files in the engine's workspace, processes held in memory while
/// the activation lives. After sleepAfter without calls it kills its processes and deactivates; the next call wakes it.
/// In a cluster it activates on the node holding its files (<see cref="SandboxPlacementAttribute"/>).
/// </summary>
[SandboxPlacement]
public sealed partial class SandboxGrain(
    [PersistentState("sandbox", SessionsHostingExtensions.StorageName)] IPersistentState<SandboxState> state,
    SandboxEngine engine,
    IOptions<SessionsOptions> options,
    IOptions<SandboxOptions> sandboxOptions,
    IOptions<NetworkOptions> networkOptions,
    PreviewRegistry previews,
    TimeProvider time,
    ILogger<SandboxGrain> logger,
    ITenantExecutionSlots slots) : Grain, ISandboxGrain
{
    private readonly Dictionary<string, BackgroundProcess> _processes = new(StringComparer.Ordinal);
    private SandboxAddress _address = null!;
    private Sandcastle.Sandbox.Sandbox? _sandbox;
    private DateTimeOffset _lastActivity;
    private DateTimeOffset _lastReported;
    private int _activeStreams;
    private bool _destroying;
    private IGrainTimer? _sleepTimer;
    private readonly List<string> _lostOnSleep = [];
    private const int MaxRememberedLost = 256;

    private SessionsOptions Options => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _address = SandboxAddress.Parse(this.GetPrimaryKeyString());
        _lastActivity = time.GetUtcNow();
        if (state.State.Metadata is { } metadata)
        {
            var restore = await ClaimOwnershipAsync();
            Wake(metadata);
            try
            {
                if (restore)
                    await RestoreFailoverAsync();
            }
            catch
            {
                // A failed activation is never deactivated: it must not stay listed as awake here.
                ServiceProvider.GetService<LocalSandboxes>()?.Remove(_address.GrainKey);
                throw;
            }
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            _sleepTimer?.Dispose();
            _snapshotTimer?.Dispose();
            // Processes still running may have written since the last tick: saved before they are stopped.
            if (_sandbox?.RunningProcesses.Count > 0)
                MarkChanged();
            // Asleep, nothing listens: its preview URLs stop at once, and a woken sandbox opens its ports again.
            previews.CloseAll(_address);
            await StopProcessesAsync();
            if (state.State.Metadata is { } metadata)
            {
                var lost = _lostOnSleep.Count > 0 ? [.. _lostOnSleep.TakeLast(MaxRememberedLost)] : metadata.LostOnSleep;
                state.State = state.State with { Metadata = metadata with { LastUsedAt = _lastActivity, LostOnSleep = lost } };
                await state.WriteStateAsync(cancellationToken);
                await SaveFailoverSnapshotAsync(force: false);
                await DropHandedOverWorkspaceAsync(metadata);
            }
        }
        finally
        {
            // Asleep here even when saving its state failed: never listed as awake on this node after this.
            ServiceProvider.GetService<LocalSandboxes>()?.Remove(_address.GrainKey);
        }
        logger.LogDebug("Sandbox {Key} deactivated ({Reason})", _address.GrainKey, reason.Description);
    }

    public async Task<SandboxView> CreateOrUpdateAsync(SandboxSettings settings)
    {
        ThrowIfDestroying();
        Touch();
        SettingsValidation.Environment(settings.Environment);
        SettingsValidation.Labels(settings.Labels);
        var existing = state.State.Metadata;
        var limits = settings.Limits ?? existing?.Limits ?? SandboxLimitOverrides.None;
        limits.Apply(sandboxOptions.Value.DefaultLimits, Options.MaxExecTimeout);
        var sleepAfter = SettingsValidation.SleepAfter(settings.SleepAfter ?? existing?.SleepAfter ?? Options.DefaultSleepAfter);
        var network = settings.NetworkAllow is { } allow ? NetworkSettings.Check(allow, networkOptions.Value).ToStrings()
            : existing?.NetworkAllow ?? networkOptions.Value.DefaultPolicy.ToStrings();
        var metadata = (existing ?? new SandboxMetadata
        {
            Id = _address.Id,
            Tenant = _address.Tenant,
            WorkspaceId = _address.WorkspaceId,
            CreatedAt = time.GetUtcNow(),
        }) with
        {
            LastUsedAt = _lastActivity,
            Limits = limits,
            Environment = settings.Environment ?? existing?.Environment ?? [],
            Labels = settings.Labels ?? existing?.Labels ?? [],
            SleepAfter = sleepAfter,
            NetworkAllow = [.. network],
        };
        // New limits reach the workspace before they are stored: a quota it cannot take (below what it holds, or an
        // image to resize while processes run) is refused with the old limits kept, not stored to fail every wake.
        if (existing is not null)
        {
            var applied = limits.Apply(sandboxOptions.Value.DefaultLimits, Options.MaxExecTimeout);
            if (applied.WorkspaceQuotaBytes > 0 && engine.Find(metadata.WorkspaceId) is { } current
                && current.MeasureWorkspace() is var held && held > applied.WorkspaceQuotaBytes)
            {
                throw new SandboxRequestException(SandboxErrorKind.BadRequest,
                    $"limits.workspaceQuotaBytes: the workspace holds {held} bytes; its quota cannot shrink to {applied.WorkspaceQuotaBytes}. Delete files first.");
            }
            try
            {
                engine.GetOrCreate(metadata.WorkspaceId, applied);
            }
            catch (InvalidSandboxLimitsException e)
            {
                throw new SandboxRequestException(SandboxErrorKind.BadRequest, "limits.workspaceQuotaBytes: " + e.Message);
            }
        }
        await GrainFactory.GetGrain<ITenantGrain>(_address.Tenant).RegisterAsync(metadata, Options.MaxSandboxesPerTenant);
        if (existing is null)
            await ClaimOwnershipAsync();
        state.State = state.State with { Metadata = metadata };
        await state.WriteStateAsync();
        Wake(metadata);
        return View(created: existing is null);
    }

    public Task<SandboxView> GetAsync()
    {
        RequireSandbox();
        Touch();
        return Task.FromResult(View(created: false));
    }

    public async Task<SandboxView> SetEnvironmentAsync(Dictionary<string, string> environment)
    {
        var metadata = RequireSandbox();
        Touch();
        SettingsValidation.Environment(environment);
        state.State = new SandboxState { Metadata = metadata with { Environment = environment, LastUsedAt = _lastActivity } };
        await state.WriteStateAsync();
        return View(created: false);
    }

    /// <summary>
    /// Exec streams and other interleaving calls keep arriving while this awaits: from its first line every call
    /// is refused (<see cref="RequireSandbox"/>), and the engine refuses to start anything in the sandbox and kills
    /// again after the last point where a start could slip in, before any file is deleted.
    /// </summary>
    public async Task DestroyAsync()
    {
        var metadata = RequireSandbox();
        _destroying = true;
        try
        {
            previews.CloseAll(_address);
            await StopProcessesAsync();
            await engine.DestroyAsync(metadata.WorkspaceId);
            await ForgetClusterStateAsync();
            await state.ClearStateAsync();
            await GrainFactory.GetGrain<ITenantGrain>(_address.Tenant).UnregisterAsync(_address.Id);
            _sandbox = null;
            _sleepTimer?.Dispose();
            _sleepTimer = null;
            DeactivateOnIdle();
        }
        finally
        {
            _destroying = false;
        }
    }

    public Task<SandboxWorkspace> OpenWorkspaceAsync()
    {
        var metadata = RequireSandbox();
        Touch();
        // Host-side file operations may write.
        MarkChanged();
        return Task.FromResult(new SandboxWorkspace(metadata.WorkspaceId, _sandbox!.WorkspacePath, _sandbox.Limits.WorkspaceQuotaBytes));
    }

    private SandboxMetadata RequireSandbox()
    {
        ThrowIfDestroying();
        return state.State.Metadata is { } metadata && _sandbox is not null ? metadata : throw SandboxRequestException.NotFound(_address.Id);
    }

    private void ThrowIfDestroying()
    {
        if (_destroying)
            throw new SandboxRequestException(SandboxErrorKind.Conflict, $"Sandbox '{_address.Id}' is being destroyed.");
    }

    private void Wake(SandboxMetadata metadata)
    {
        _sandbox = engine.GetOrCreate(metadata.WorkspaceId, metadata.Limits.Apply(sandboxOptions.Value.DefaultLimits, Options.MaxExecTimeout));
        _sandbox.Network = NetworkSettings.Effective(metadata.NetworkAllow, networkOptions.Value);
        // Everything it runs counts against its tenant's aggregate limits on this engine.
        _sandbox.Tenant = _address.Tenant;
        var period = SleepCheckPeriod(metadata.SleepAfter);
        _sleepTimer?.Dispose();
        _sleepTimer = this.RegisterGrainTimer(CheckSleepAsync, new GrainTimerCreationOptions(period, period) { Interleave = true });
        ServiceProvider.GetService<LocalSandboxes>()?.Add(_address.GrainKey);
        StartSnapshotTimer();
        DelayDeactivation(metadata.SleepAfter + period);
    }

    private void Touch()
    {
        _lastActivity = time.GetUtcNow();
        if (state.State.Metadata is { } metadata)
        {
            DelayDeactivation(metadata.SleepAfter + SleepCheckPeriod(metadata.SleepAfter));
            // Listings read the tenant's index: tell it, at most once a second (a stream touches on every chunk).
            if (_lastActivity - _lastReported >= TimeSpan.FromSeconds(1))
            {
                _lastReported = _lastActivity;
                GrainFactory.GetGrain<ITenantGrain>(_address.Tenant).TouchAsync(_address.Id, _lastActivity).Ignore();
            }
        }
    }

    /// <summary>Sleeps once idle for sleepAfter; until then (and while a stream is open) keeps idle collection away.</summary>
    private async Task CheckSleepAsync(CancellationToken cancellationToken)
    {
        if (state.State.Metadata is not { } metadata)
            return;
        if (_activeStreams > 0)
            Touch();
        var idle = time.GetUtcNow() - _lastActivity;
        if (idle < metadata.SleepAfter)
        {
            DelayDeactivation(metadata.SleepAfter - idle + SleepCheckPeriod(metadata.SleepAfter));
            return;
        }
        logger.LogInformation("Sandbox {Key} sleeps after {Idle} idle", _address.GrainKey, idle);
        await StopProcessesAsync();
        DeactivateOnIdle();
    }

    /// <summary>Kills everything this activation runs: processes, code contexts, shell sessions (remembered as lost).</summary>
    private async Task StopProcessesAsync()
    {
        _lostOnSleep.AddRange(_contexts?.List().Select(c => c.Id) ?? []);
        _lostOnSleep.AddRange(_shells.Keys);
        _shells.Clear();
        await StopContextsAsync();
        foreach (var process in _processes.Values)
            process.Kill();
        await Task.WhenAll(_processes.Values.Select(p => p.Pumped));
        _processes.Clear();
        if (_sandbox is not null)
            await _sandbox.KillAllAsync();
    }

    private SandboxView View(bool created) => new(
        state.State.Metadata! with { LastUsedAt = _lastActivity },
        _sandbox?.RunningProgramCount ?? 0,
        created,
        Cluster.Enabled ? Cluster.Node : null);

    private static TimeSpan SleepCheckPeriod(TimeSpan sleepAfter) =>
        TimeSpan.FromTicks(Math.Clamp(sleepAfter.Ticks / 4, TimeSpan.FromMilliseconds(250).Ticks, TimeSpan.FromSeconds(30).Ticks));
}
