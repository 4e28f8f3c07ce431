using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sandcastle.Server.Tenancy;

namespace Sandcastle.Server.Web;

/// <summary>
/// The web playground: a page for browsers at <c>/</c>, its files under <c>/playground/</c>, and the component
/// catalog its pickers read. The page only uses the public HTTP API, so it can never do more than a client can.
/// </summary>
public static class PlaygroundApi
{
    public static IServiceCollection AddSandcastlePlayground(this IServiceCollection services)
    {
        services.AddSingleton<PlaygroundAssets>();
        services.TryAddSingleton<IComponentCatalog, EmptyComponentCatalog>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, BrowserPageMatcherPolicy>());
        return services;
    }

    public static IEndpointRouteBuilder MapPlayground(this IEndpointRouteBuilder app)
    {
        // Same route as the JSON description of the API; BrowserPageMatcherPolicy picks this one for browsers only.
        app.MapGet("/", (PlaygroundAssets assets, HttpContext context) => assets.Serve("index.html", context))
            .WithMetadata(BrowserPageMetadata.Instance)
            .WithSummary("The web playground (for browsers: Accept: text/html).");
        app.MapGet("/playground/{**file}", (string file, PlaygroundAssets assets, HttpContext context) => assets.Serve(file, context))
            .WithSummary("The web playground's scripts and styles.");
        app.MapGet("/v1/catalog", async (IComponentCatalog catalog, CancellationToken cancellationToken) =>
                TypedResults.Ok(await catalog.ListAsync(cancellationToken)))
            .AddEndpointFilter<TenantFilter>()
            .WithSummary("Agents and commands the playground offers (those `sandcastle run --agent/--command` finds).");
        return app;
    }
}
