using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sandcastle.Server.Sandboxes;
using Sandcastle.Server.Tenancy;

namespace Sandcastle.Server.Previews;

public static class PreviewApi
{
    public static IServiceCollection AddPreviewApi(this IServiceCollection services)
    {
        services.AddHttpForwarder();
        services.AddOptions<PreviewOptions>().BindConfiguration(PreviewOptions.SectionName);
        services.AddSingleton<PreviewForwarder>();
        services.AddSingleton<PreviewHostMiddleware>();
        return services;
    }

    /// <summary>
    /// Maps <c>/v1/sandboxes/{id}/ports</c> (the tenant's API key) and <c>/preview/{token}/...</c> (no key: the
    /// unguessable token is the credential, so a browser can open it).
    /// </summary>
    public static IEndpointRouteBuilder MapPreviewApi(this IEndpointRouteBuilder endpoints)
    {
        var ports = endpoints.MapGroup("/v1/sandboxes/{id}/ports")
            .AddEndpointFilter<TenantFilter>()
            .AddEndpointFilter<SandboxErrorFilter>()
            .WithMetadata(Cluster.OwnerNodeOnly.Instance);
        ports.MapPost("/", PortEndpoints.Open).WithSummary("Open a port of the sandbox at a preview URL: {port, name?} → {port, url}.");
        ports.MapGet("/", PortEndpoints.List).WithSummary("List the sandbox's open ports and their URLs.");
        ports.MapDelete("/{port:int}", PortEndpoints.Close).WithSummary("Close a port: its URL stops working at once.");

        endpoints.Map("/preview/{token}", (HttpContext http, string token, PreviewForwarder forwarder) => forwarder.ForwardAsync(http, token, null))
            .ExcludeFromDescription();
        endpoints.Map("/preview/{token}/{**rest}", (HttpContext http, string token, string? rest, PreviewForwarder forwarder) => forwarder.ForwardAsync(http, token, rest ?? ""))
            .ExcludeFromDescription();
        return endpoints;
    }
}
