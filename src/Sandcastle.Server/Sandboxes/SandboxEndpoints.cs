using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sandcastle.Sandbox;
using Sandcastle.Server.Tenancy;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Sandboxes;

/// <summary>Create (get-or-create), read, list and delete sandboxes, and set their environment.</summary>
internal static class SandboxEndpoints
{
    public static async Task<Results<Created<SandboxResponse>, Ok<SandboxResponse>>> Put(
        string id, [FromBody] PutSandboxBody? body, HttpContext http, SandboxDirectory sandboxes)
    {
        var grain = sandboxes.Get(SandboxAddress.Create(Tenant.From(http).Id, id));
        body ??= new PutSandboxBody(null, null, null, null);
        var view = body.FromSnapshot is { } snapshot
            ? await grain.CreateFromSnapshotAsync(body.ToSettings(), snapshot)
            : await grain.CreateOrUpdateAsync(body.ToSettings());
        var response = SandboxResponse.From(view);
        return view.Created ? TypedResults.Created($"/v1/sandboxes/{id}", response) : TypedResults.Ok(response);
    }

    public static async Task<Ok<SandboxResponse>> Get(string id, HttpContext http, SandboxDirectory sandboxes) =>
        TypedResults.Ok(SandboxResponse.From(await sandboxes.Get(SandboxAddress.Create(Tenant.From(http).Id, id)).GetAsync()));

    /// <summary>Counts come from the engine's live processes (execs and background processes), waking no grain.</summary>
    public static async Task<Ok<SandboxList>> List(HttpContext http, SandboxDirectory sandboxes, SandboxEngine engine)
    {
        var all = await sandboxes.ListAsync(Tenant.From(http).Id);
        var busy = engine.MeasureBusy().ToDictionary(u => u.Id, u => u.RunningProcesses, StringComparer.Ordinal);
        return TypedResults.Ok(new SandboxList([.. all.Select(m =>
            SandboxResponse.From(m, busy.GetValueOrDefault(new SandboxAddress(m.Tenant, m.Id).WorkspaceId)))]));
    }

    public static async Task<NoContent> Delete(string id, HttpContext http, SandboxDirectory sandboxes)
    {
        await sandboxes.Get(SandboxAddress.Create(Tenant.From(http).Id, id)).DestroyAsync();
        return TypedResults.NoContent();
    }

    public static async Task<Ok<SandboxResponse>> PutEnvironment(
        string id, [FromBody] Dictionary<string, string> env, HttpContext http, SandboxDirectory sandboxes) =>
        TypedResults.Ok(SandboxResponse.From(await sandboxes.Get(SandboxAddress.Create(Tenant.From(http).Id, id)).SetEnvironmentAsync(env)));
}
