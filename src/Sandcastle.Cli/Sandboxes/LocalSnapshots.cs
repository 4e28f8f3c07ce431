using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Files.Archives;
using Sandcastle.Sessions.Sandboxes;
using Sandcastle.Sessions.Snapshots;

namespace Sandcastle.Cli.Sandboxes;

/// <summary>Snapshots of this machine's sandboxes, in the same store (and tenant) a server on this data root uses.</summary>
public sealed class LocalSnapshots(SandboxEngine engine, ISnapshotStore store, WorkspaceArchiveLimits limits)
{
    private const string Tenant = SandboxAddress.DefaultTenant;

    public async Task<SnapshotRow> SnapshotAsync(string id, CancellationToken cancellationToken)
    {
        var sandbox = Find(id);
        var snapshot = new SnapshotInfo(SnapshotIds.New(), id, 0, DateTimeOffset.UtcNow);
        var saved = await store.SaveAsync(Tenant, snapshot, (destination, ct) => sandbox.WriteArchiveAsync(destination, ct), cancellationToken);
        return Row(saved);
    }

    public async Task<IReadOnlyList<SnapshotRow>> ListAsync(string id, CancellationToken cancellationToken)
    {
        Find(id);
        return [.. (await store.ListAsync(Tenant, id, cancellationToken)).Select(Row)];
    }

    public async Task RestoreAsync(string id, string snapshotId, CancellationToken cancellationToken) =>
        await RestoreIntoAsync(Find(id), snapshotId, cancellationToken);

    public async Task ForkAsync(string snapshotId, string newId, CancellationToken cancellationToken)
    {
        if (engine.Find(newId) is not null)
            throw new CliFailureException(ExitCodes.Failure, $"a sandbox named {newId} already exists; restore into it with `sandcastle sandbox restore {newId} {snapshotId}`.");
        await RequireAsync(snapshotId, cancellationToken);
        try
        {
            await RestoreIntoAsync(engine.GetOrCreate(newId), snapshotId, cancellationToken);
        }
        catch
        {
            await engine.DestroyAsync(newId, CancellationToken.None);
            throw;
        }
    }

    private async Task RestoreIntoAsync(Sandcastle.Sandbox.Sandbox sandbox, string snapshotId, CancellationToken cancellationToken)
    {
        await RequireAsync(snapshotId, cancellationToken);
        await using var archive = await store.OpenReadAsync(Tenant, snapshotId, cancellationToken)
            ?? throw new CliFailureException(ExitCodes.Failure, $"no snapshot named {snapshotId}.");
        try
        {
            await sandbox.RestoreArchiveAsync(archive, limits, cancellationToken);
        }
        catch (WorkspaceArchiveException e)
        {
            throw new CliFailureException(ExitCodes.Failure, $"snapshot {snapshotId} cannot be restored. {e.Message}");
        }
    }

    private async Task RequireAsync(string snapshotId, CancellationToken cancellationToken)
    {
        if (!SnapshotIds.IsValid(snapshotId))
            throw new UsageException($"'{snapshotId}' is not a valid snapshot id.");
        if (await store.GetAsync(Tenant, snapshotId, cancellationToken) is null)
            throw new CliFailureException(ExitCodes.Failure, $"no snapshot named {snapshotId}.");
    }

    private Sandcastle.Sandbox.Sandbox Find(string id) =>
        engine.Find(id) ?? throw new CliFailureException(ExitCodes.Failure, $"no sandbox named {id} under {engine.DataRoot}.");

    private static SnapshotRow Row(SnapshotInfo s) => new(s.Id, s.SandboxId, s.Size, s.CreatedAt);
}
