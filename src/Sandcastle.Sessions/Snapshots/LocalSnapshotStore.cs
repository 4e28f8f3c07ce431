using System.Text.Json;
using Microsoft.Extensions.Options;
using Sandcastle.Sandbox;

namespace Sandcastle.Sessions.Snapshots;

/// <summary>
/// Snapshots as files: <c>&lt;dir&gt;/&lt;tenant&gt;/&lt;id&gt;.tar.gz</c> and its description <c>&lt;id&gt;.json</c>.
/// An archive is written under a temporary name and renamed, so a crash never leaves a partial snapshot listed.
/// </summary>
public sealed class LocalSnapshotStore(IOptions<SnapshotOptions> options, IOptions<SandboxOptions> sandboxOptions) : ISnapshotStore
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public string Root { get; } = options.Value.Directory is { Length: > 0 } directory
        ? Path.GetFullPath(directory)
        : Path.Combine(DataRoot.Resolve(sandboxOptions.Value.DataRoot), "snapshots");

    public async Task<SnapshotInfo> SaveAsync(string tenant, SnapshotInfo snapshot, Func<Stream, CancellationToken, Task> writeArchive, CancellationToken cancellationToken)
    {
        var folder = TenantDirectory(tenant, create: true);
        var archive = Path.Combine(folder, Checked(snapshot.Id) + ".tar.gz");
        var partial = archive + ".partial";
        try
        {
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                await writeArchive(file, cancellationToken);
            var saved = snapshot with { Size = new FileInfo(partial).Length };
            File.Move(partial, archive);
            await File.WriteAllTextAsync(Path.Combine(folder, snapshot.Id + ".json"), JsonSerializer.Serialize(saved), cancellationToken);
            return saved;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    public async Task<SnapshotInfo?> GetAsync(string tenant, string snapshotId, CancellationToken cancellationToken)
    {
        var description = Path.Combine(TenantDirectory(tenant, create: false), Checked(snapshotId) + ".json");
        return File.Exists(description)
            ? JsonSerializer.Deserialize<SnapshotInfo>(await File.ReadAllTextAsync(description, cancellationToken))
            : null;
    }

    public Task<Stream?> OpenReadAsync(string tenant, string snapshotId, CancellationToken cancellationToken)
    {
        var archive = Path.Combine(TenantDirectory(tenant, create: false), Checked(snapshotId) + ".tar.gz");
        Stream? stream = File.Exists(archive) ? new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true) : null;
        return Task.FromResult(stream);
    }

    public async Task<List<SnapshotInfo>> ListAsync(string tenant, string sandboxId, CancellationToken cancellationToken)
    {
        var folder = TenantDirectory(tenant, create: false);
        if (!System.IO.Directory.Exists(folder))
            return [];
        var all = new List<SnapshotInfo>();
        foreach (var description in System.IO.Directory.EnumerateFiles(folder, "*.json"))
        {
            if (JsonSerializer.Deserialize<SnapshotInfo>(await File.ReadAllTextAsync(description, cancellationToken)) is { } info && info.SandboxId == sandboxId)
                all.Add(info);
        }
        return [.. all.OrderByDescending(s => s.CreatedAt)];
    }

    public Task<bool> DeleteAsync(string tenant, string snapshotId, CancellationToken cancellationToken)
    {
        var folder = TenantDirectory(tenant, create: false);
        var description = Path.Combine(folder, Checked(snapshotId) + ".json");
        var existed = File.Exists(description);
        // The description goes first: a snapshot is listed only while both exist.
        File.Delete(description);
        File.Delete(Path.Combine(folder, snapshotId + ".tar.gz"));
        return Task.FromResult(existed);
    }

    private static string Checked(string snapshotId) =>
        SnapshotIds.IsValid(snapshotId) ? snapshotId : throw new ArgumentException($"'{snapshotId}' is not a snapshot id.", nameof(snapshotId));

    private string TenantDirectory(string tenant, bool create)
    {
        var folder = Path.Combine(Root, SnapshotIds.TenantFolder(tenant));
        if (create && !System.IO.Directory.Exists(folder))
        {
            System.IO.Directory.CreateDirectory(Root, PrivateDirectory);
            System.IO.Directory.CreateDirectory(folder, PrivateDirectory);
        }
        return folder;
    }
}
