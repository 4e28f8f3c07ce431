using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sandcastle.Sandbox.Files;
using Sandcastle.Sandbox.Files.Archives;
using Sandcastle.Sessions.Snapshots;

namespace Sandcastle.Sessions.Sandboxes;

public sealed partial class SandboxGrain
{
    // Resolved here rather than injected so the grain's constructor stays as it is for the features that do not snapshot.
    private ISnapshotStore Snapshots => ServiceProvider.GetRequiredService<ISnapshotStore>();

    private SnapshotOptions SnapshotLimits => ServiceProvider.GetRequiredService<IOptions<SnapshotOptions>>().Value;

    public async Task<SnapshotInfo> CreateSnapshotAsync()
    {
        RequireSandbox();
        Touch();
        var sandbox = _sandbox!;
        var snapshot = new SnapshotInfo(SnapshotIds.New(), _address.Id, 0, time.GetUtcNow());
        var saved = await Snapshots.SaveAsync(_address.Tenant, snapshot,
            async (destination, cancellationToken) =>
            {
                WorkspaceArchiveSummary summary;
                try
                {
                    summary = await sandbox.WriteArchiveAsync(destination, cancellationToken);
                }
                catch (WorkspaceTooDeepException e)
                {
                    throw new SandboxRequestException(SandboxErrorKind.Conflict,
                        $"{e.Message} A snapshot cannot hold it: remove that tree first (rm -rf in an exec).");
                }
                logger.LogInformation("Sandbox {Key} snapshot {Snapshot}: {Entries} entries, {Bytes} bytes, {Skipped} left out",
                    _address.GrainKey, snapshot.Id, summary.Entries, summary.Bytes, summary.Skipped);
            },
            CancellationToken.None);
        Touch();
        return saved;
    }

    public async Task<List<SnapshotInfo>> ListSnapshotsAsync()
    {
        RequireSandbox();
        Touch();
        return await Snapshots.ListAsync(_address.Tenant, _address.Id, CancellationToken.None);
    }

    public async Task DeleteSnapshotAsync(string snapshotId)
    {
        RequireSandbox();
        Touch();
        var snapshot = await RequireSnapshotAsync(snapshotId);
        if (snapshot.SandboxId != _address.Id)
            throw SnapshotNotFound(snapshotId);
        await Snapshots.DeleteAsync(_address.Tenant, snapshotId, CancellationToken.None);
    }

    public async Task<SnapshotInfo> RestoreSnapshotAsync(string snapshotId)
    {
        RequireSandbox();
        Touch();
        var snapshot = await RequireSnapshotAsync(snapshotId);
        // Processes would keep the old workspace mounted; contexts and shell sessions end as if the sandbox slept.
        await StopProcessesAsync();
        await RestoreAsync(snapshot);
        MarkChanged();
        Touch();
        return snapshot;
    }

    public async Task<SandboxView> CreateFromSnapshotAsync(SandboxSettings settings, string snapshotId)
    {
        if (state.State.Metadata is not null)
            throw new SandboxRequestException(SandboxErrorKind.Conflict,
                $"Sandbox '{_address.Id}' already exists; restore a snapshot into it with POST /v1/sandboxes/{_address.Id}/snapshots/{{id}}/restore.");
        var snapshot = await RequireSnapshotAsync(snapshotId);
        var view = await CreateOrUpdateAsync(settings);
        try
        {
            await RestoreAsync(snapshot);
            MarkChanged();
        }
        catch
        {
            await DestroyAsync();
            throw;
        }
        return view;
    }

    private async Task RestoreAsync(SnapshotInfo snapshot)
    {
        await using var archive = await Snapshots.OpenReadAsync(_address.Tenant, snapshot.Id, CancellationToken.None)
            ?? throw SnapshotNotFound(snapshot.Id);
        var limits = new WorkspaceArchiveLimits(SnapshotLimits.MaxBytes, SnapshotLimits.MaxEntries);
        try
        {
            var summary = await _sandbox!.RestoreArchiveAsync(archive, limits);
            logger.LogInformation("Sandbox {Key} restored from {Snapshot}: {Entries} entries, {Bytes} bytes",
                _address.GrainKey, snapshot.Id, summary.Entries, summary.Bytes);
        }
        catch (WorkspaceArchiveException e)
        {
            logger.LogWarning("Sandbox {Key}: snapshot {Snapshot} refused: {Reason}", _address.GrainKey, snapshot.Id, e.Message);
            throw new SandboxRequestException(SandboxErrorKind.Unprocessable, $"Snapshot '{snapshot.Id}' cannot be restored. {e.Message}");
        }
    }

    private async Task<SnapshotInfo> RequireSnapshotAsync(string snapshotId)
    {
        if (!SnapshotIds.IsValid(snapshotId))
            throw new SandboxRequestException(SandboxErrorKind.BadRequest, $"'{snapshotId}' is not a snapshot id (1-63 of a-z, 0-9 and '-').");
        return await Snapshots.GetAsync(_address.Tenant, snapshotId, CancellationToken.None) ?? throw SnapshotNotFound(snapshotId);
    }

    private static SandboxRequestException SnapshotNotFound(string snapshotId) =>
        new(SandboxErrorKind.NotFound, $"Snapshot '{snapshotId}' does not exist.");
}
