using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Sandcastle.Server.Tenancy;
using Sandcastle.Sessions.Sandboxes;
using Sandcastle.Sessions.Shells;

namespace Sandcastle.Server.Sandboxes;

/// <summary>Shell sessions: <c>POST /exec</c> with a <c>sessionId</c> keeps <c>cd</c> and <c>export</c> between commands.</summary>
internal static class ShellSessionEndpoints
{
    public static async Task<Created<ShellSessionView>> Create(string id, HttpContext http, SandboxDirectory sandboxes)
    {
        var session = await Grain(id, http, sandboxes).CreateShellSessionAsync();
        return TypedResults.Created($"/v1/sandboxes/{id}/sessions/{session.Id}", session);
    }

    public static async Task<Ok<ShellSessionList>> List(string id, HttpContext http, SandboxDirectory sandboxes) =>
        TypedResults.Ok(new ShellSessionList(await Grain(id, http, sandboxes).ListShellSessionsAsync()));

    public static async Task<Ok<ShellSessionView>> Get(string id, string sessionId, HttpContext http, SandboxDirectory sandboxes) =>
        TypedResults.Ok(await Grain(id, http, sandboxes).GetShellSessionAsync(sessionId));

    public static async Task<NoContent> Delete(string id, string sessionId, HttpContext http, SandboxDirectory sandboxes)
    {
        await Grain(id, http, sandboxes).DeleteShellSessionAsync(sessionId);
        return TypedResults.NoContent();
    }

    private static ISandboxGrain Grain(string id, HttpContext http, SandboxDirectory sandboxes) =>
        sandboxes.Get(SandboxAddress.Create(Tenant.From(http).Id, id));
}
