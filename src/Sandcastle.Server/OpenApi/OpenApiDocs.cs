using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Scalar.AspNetCore;

namespace Sandcastle.Server.OpenApi;

public static class OpenApiDocs
{
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>The OpenAPI document of every HTTP endpoint, completed where minimal APIs cannot infer (raw bodies, streams, errors, the key).</summary>
    public static IServiceCollection AddSandcastleOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer<BearerKeyTransformer>();
            options.AddOperationTransformer<OperationDetailsTransformer>();
        });

    /// <summary>Maps <c>/openapi/v1.json</c>, and the interactive reference at <c>/docs</c> served from this server (its script comes from the package, fonts off: no CDN).</summary>
    public static IEndpointRouteBuilder MapOpenApiDocs(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        endpoints.MapScalarApiReference("/docs", options =>
        {
            options.Title = "Sandcastle API";
            options.OpenApiRoutePattern = "/openapi/{documentName}.json";
            options.DefaultFonts = false;
            options.Telemetry = false;
        });
        return endpoints;
    }
}
