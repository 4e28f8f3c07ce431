using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sandcastle.Sandbox.Files.Archives;
using Sandcastle.Sessions.Cluster;
using Sandcastle.Sessions.Snapshots;

namespace Sandcastle.Sessions.Sandboxes;

/// <summary>
/// A sandbox in a cluster: it claims ownership before it runs (compare-and-set in Redis; a copy that loses never
/// runs), restores its latest failover snapshot when it wakes on a node other than the last one that held its
/// files, and snapshots itself every Cluster:SnapshotInterval after calls that may have changed files, when it
/// sleeps, and when its node drains. On a single node none of this runs.
/// </summary>
public sealed partial class SandboxGrain
{
    private const string FailoverPrefix = "auto-";
    private SandboxOwner? _owner;
    private bool _changed;
    private IGrainTimer? _snapshotTimer;
    private bool _handedOver;

    private SandboxOwnership? Ownership => ServiceProvider.GetService<SandboxOwnership>();

    private SandcastleClusterOptions Cluster => ServiceProvider.GetRequiredService<IOptions<SandcastleClusterOptions>>().Value;

    public Task<SandboxLocation> LocateAsync()
    {
        RequireSandbox();
        Touch();
        return Task.FromResult(new SandboxLocation(Cluster.Enabled ? Cluster.Node : "", Cluster.HttpAddress ?? ""));
    }

    public async Task HandOverAsync()
    {
        if (state.State.Metadata is null || Ownership is not { } ownership || _owner is not { } owner)
            return;
        if (!await SaveFailoverSnapshotAsync(force: state.State.FailoverSnapshot is null))
            throw new SandboxRequestException(SandboxErrorKind.Unavailable, $"Sandbox '{_address.Id}' could not be snapshotted; it stays on {Cluster.Node}.");
        // Released, not deleted: the next node knows the files are in the snapshot, not on any disk it could reach.
        await ownership.TryClaimAsync(_address.GrainKey, owner, owner with { Silo = SandboxOwner.ReleasedSilo });
        _owner = null;
        // Its files are in the snapshot now: this node's copy goes when the activation does (OnDeactivateAsync).
        _handedOver = true;
        DeactivateOnIdle();
    }

    /// <summary>Files may have changed: the next snapshot tick (or sleep, or drain) saves them for failover.</summary>
    private void MarkChanged() => _changed = true;

    /// <summary>
    /// Makes this node the sandbox's owner, or throws (503, retried by the caller) if another live node holds it.
    /// True when the files must come from the failover snapshot: the last owner was another node.
    /// </summary>
    private async Task<bool> ClaimOwnershipAsync()
    {
        if (Ownership is not { } ownership)
            return false;
        var registry = ServiceProvider.GetRequiredService<NodeRegistry>();
        var mine = new SandboxOwner(Cluster.Node, ServiceProvider.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString());
        // A draining node takes nothing (a call that reached it by an old directory entry would activate the sandbox
        // here again): the caller retries, and placement picks another node.
        if (registry.Draining && (await registry.ReadAliveAsync()).Any(n => n.Name != registry.LocalNode && !n.Draining))
            throw new SandboxRequestException(SandboxErrorKind.Moving, $"Sandbox '{_address.Id}' is moving off draining node {Cluster.Node}; retry.");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var current = await ownership.ReadAsync(_address.GrainKey);
            if (current == mine)
            {
                _owner = mine;
                return false;
            }
            if (current is { Released: false } && registry.IsSiloActive(current.Silo))
            {
                logger.LogWarning("Sandbox {Key} is owned by live node {Node}: this copy on {Self} shuts down", _address.GrainKey, current.Node, Cluster.Node);
                throw new SandboxRequestException(SandboxErrorKind.Moving, $"Sandbox '{_address.Id}' is moving between nodes; retry.");
            }
            if (await ownership.TryClaimAsync(_address.GrainKey, current, mine))
            {
                _owner = mine;
                if (current is not null)
                    logger.LogInformation("Sandbox {Key} taken over by {Node} from {Previous}", _address.GrainKey, mine.Node, current.Value);
                // Released (handed over): its files are in the snapshot, whichever node released it.
                return current is not null && (current.Released || current.Node != mine.Node);
            }
        }
        throw new SandboxRequestException(SandboxErrorKind.Moving, $"Sandbox '{_address.Id}' is being claimed by another node; retry.");
    }

    /// <summary>After a takeover: the workspace as the failed or drained node last saved it.</summary>
    private async Task RestoreFailoverAsync()
    {
        if (state.State.FailoverSnapshot is not { } id)
        {
            logger.LogWarning("Sandbox {Key} moved to {Node} without a failover snapshot: its files start empty", _address.GrainKey, Cluster.Node);
            return;
        }
        var snapshot = await Snapshots.GetAsync(_address.Tenant, id, CancellationToken.None);
        if (snapshot is null)
        {
            logger.LogWarning("Sandbox {Key}: failover snapshot {Snapshot} is missing from the store", _address.GrainKey, id);
            return;
        }
        await RestoreAsync(snapshot);
    }

    private void StartSnapshotTimer()
    {
        if (Ownership is null || _snapshotTimer is not null)
            return;
        var period = Cluster.SnapshotInterval > TimeSpan.Zero ? Cluster.SnapshotInterval : TimeSpan.FromSeconds(30);
        _snapshotTimer = this.RegisterGrainTimer(async _ => await SaveFailoverSnapshotAsync(force: false), new GrainTimerCreationOptions(period, period) { KeepAlive = false });
    }

    /// <summary>
    /// Saves the workspace as this sandbox's failover snapshot when it may have changed, and drops the previous one.
    /// False when saving failed (the change stays marked for the next try).
    /// </summary>
    private async Task<bool> SaveFailoverSnapshotAsync(bool force)
    {
        if (Ownership is null || _sandbox is null || state.State.Metadata is null || _handedOver)
            return true;
        if (!force && !_changed && _sandbox.RunningProcesses.Count == 0)
            return true;
        _changed = false;
        var sandbox = _sandbox;
        var snapshot = new SnapshotInfo(FailoverPrefix + SnapshotIds.New()["snap-".Length..], _address.Id, 0, time.GetUtcNow());
        try
        {
            await Snapshots.SaveAsync(_address.Tenant, snapshot, async (destination, cancellationToken) => await sandbox.WriteArchiveAsync(destination, cancellationToken), CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or Amazon.Runtime.AmazonServiceException)
        {
            _changed = true;
            logger.LogWarning("Sandbox {Key}: failover snapshot failed: {Reason}", _address.GrainKey, e.Message);
            return false;
        }
        var previous = state.State.FailoverSnapshot;
        state.State = state.State with { FailoverSnapshot = snapshot.Id };
        await state.WriteStateAsync();
        if (previous is not null && previous.StartsWith(FailoverPrefix, StringComparison.Ordinal))
            await Snapshots.DeleteAsync(_address.Tenant, previous, CancellationToken.None);
        return true;
    }

    /// <summary>After a hand-over: the workspace lives on in the snapshot and on the next node, not here.</summary>
    private async Task DropHandedOverWorkspaceAsync(SandboxMetadata metadata)
    {
        if (_handedOver)
            await engine.DestroyAsync(metadata.WorkspaceId);
    }

    /// <summary>On destroy: no owner, no failover snapshot.</summary>
    private async Task ForgetClusterStateAsync()
    {
        if (Ownership is not { } ownership)
            return;
        if (_owner is { } owner)
            await ownership.ForgetAsync(_address.GrainKey, owner);
        if (state.State.FailoverSnapshot is { } id)
            await Snapshots.DeleteAsync(_address.Tenant, id, CancellationToken.None);
        _snapshotTimer?.Dispose();
        _snapshotTimer = null;
        _owner = null;
    }
}
