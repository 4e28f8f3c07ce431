using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Sandcastle.Server.Health;

namespace Sandcastle.Server.OpenApi;

/// <summary>Names the API and declares its one credential: an API key sent as <c>Authorization: Bearer KEY</c>.</summary>
internal sealed class BearerKeyTransformer : IOpenApiDocumentTransformer
{
    public const string SchemeName = "apiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Sandcastle",
            Version = ServerVersion.Current,
            Description = "Turn questions into code run in isolated Linux sandboxes (POST /execute), and drive durable sandboxes directly (/v1). "
                + "Errors are {error, message} (the /v1 API adds a stable code). Streams are Server-Sent Events with Accept: text/event-stream. "
                + "Agents: Model Context Protocol at /mcp.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key from SANDCASTLE_API_KEYS; each key is a tenant with its own sandboxes. A server without keys answers loopback callers only.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }];
        return Task.CompletedTask;
    }
}
