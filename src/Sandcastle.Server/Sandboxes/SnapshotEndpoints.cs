using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Sandcastle.Server.Tenancy;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Sandboxes;

/// <summary>Snapshots of a sandbox's workspace: take, list, delete, restore. Forks are <c>PUT /v1/sandboxes/{new} {fromSnapshot}</c>.</summary>
internal static class SnapshotEndpoints
{
    public static async Task<Created<SnapshotResponse>> Create(string id, HttpContext http, SandboxDirectory sandboxes)
    {
        var snapshot = await Grain(id, http, sandboxes).CreateSnapshotAsync();
        return TypedResults.Created($"/v1/sandboxes/{id}/snapshots/{snapshot.Id}", SnapshotResponse.From(snapshot));
    }

    public static async Task<Ok<SnapshotList>> List(string id, HttpContext http, SandboxDirectory sandboxes)
    {
        var all = await Grain(id, http, sandboxes).ListSnapshotsAsync();
        return TypedResults.Ok(new SnapshotList([.. all.Select(SnapshotResponse.From)]));
    }

    public static async Task<NoContent> Delete(string id, string snapshotId, HttpContext http, SandboxDirectory sandboxes)
    {
        await Grain(id, http, sandboxes).DeleteSnapshotAsync(snapshotId);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<SnapshotResponse>> Restore(string id, string snapshotId, HttpContext http, SandboxDirectory sandboxes) =>
        TypedResults.Ok(SnapshotResponse.From(await Grain(id, http, sandboxes).RestoreSnapshotAsync(snapshotId)));

    private static ISandboxGrain Grain(string id, HttpContext http, SandboxDirectory sandboxes) =>
        sandboxes.Get(SandboxAddress.Create(Tenant.From(http).Id, id));
}
