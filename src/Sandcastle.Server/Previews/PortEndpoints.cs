using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Sandcastle.Server.Tenancy;
using Sandcastle.Sessions.Previews;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Previews;

/// <summary>Open, list and close a sandbox's preview ports; only the sandbox's tenant sees their URLs.</summary>
internal static class PortEndpoints
{
    public static async Task<Created<PortResponse>> Open(
        string id, [FromBody] OpenPortBody? body, HttpContext http, SandboxDirectory sandboxes, PreviewRegistry previews, IOptions<PreviewOptions> options,
        Cluster.ClusterPreviews cluster)
    {
        var address = await RequireSandboxAsync(id, http, sandboxes);
        var port = body?.Port ?? throw new SandboxRequestException(SandboxErrorKind.BadRequest, "Give the 'port' a process in the sandbox listens on, e.g. {\"port\": 8000}.");
        var preview = previews.Open(address, port, body.Name);
        await cluster.OpenedAsync(preview);
        return TypedResults.Created($"/v1/sandboxes/{id}/ports/{port}", PortResponse.From(preview, BaseUrl(http, options.Value), options.Value.Domain));
    }

    public static async Task<Ok<PortList>> List(string id, HttpContext http, SandboxDirectory sandboxes, PreviewRegistry previews, IOptions<PreviewOptions> options)
    {
        var address = await RequireSandboxAsync(id, http, sandboxes);
        return TypedResults.Ok(new PortList([.. previews.List(address).Select(p => PortResponse.From(p, BaseUrl(http, options.Value), options.Value.Domain))]));
    }

    public static async Task<NoContent> Close(string id, int port, HttpContext http, SandboxDirectory sandboxes, PreviewRegistry previews, Cluster.ClusterPreviews cluster)
    {
        var address = await RequireSandboxAsync(id, http, sandboxes);
        var open = previews.List(address).FirstOrDefault(p => p.Port == port);
        if (open is null || !previews.Close(address, port))
            throw new SandboxRequestException(SandboxErrorKind.NotFound, $"Port {port} of sandbox '{id}' is not open.");
        await cluster.ClosedAsync(open);
        return TypedResults.NoContent();
    }

    /// <summary>The caller's sandbox, awake (a 404 when it has none of that name).</summary>
    private static async Task<SandboxAddress> RequireSandboxAsync(string id, HttpContext http, SandboxDirectory sandboxes)
    {
        var address = SandboxAddress.Create(Tenant.From(http).Id, id);
        await sandboxes.Get(address).GetAsync();
        return address;
    }

    private static string BaseUrl(HttpContext http, PreviewOptions options) =>
        string.IsNullOrWhiteSpace(options.BaseUrl) ? $"{http.Request.Scheme}://{http.Request.Host}" : options.BaseUrl;
}
