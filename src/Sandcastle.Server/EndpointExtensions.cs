using Sandcastle.Server.Cluster;
using Microsoft.AspNetCore.Builder;
using Sandcastle.Server.Agents;
using Sandcastle.Server.Execute;
using Sandcastle.Server.Health;
using Sandcastle.Server.Mcp;
using Sandcastle.Server.OpenApi;
using Sandcastle.Server.Observability;
using Sandcastle.Server.Previews;
using Sandcastle.Server.Sandboxes;
using Sandcastle.Server.Web;

namespace Sandcastle.Server;

public static class EndpointExtensions
{
    /// <summary>Maps every API the server offers: one line per API.</summary>
    public static WebApplication MapSandcastleEndpoints(this WebApplication app)
    {
        app.MapHealthApi();
        app.MapExecuteApi();
        app.MapSandboxesApi();
        app.MapPreviewApi();
        app.MapAgentsApi();
        app.MapStatsApi();
        app.MapClusterApi();
        app.MapMetricsApi();
        app.MapPlayground();
        app.MapMcpApi();
        app.MapOpenApiDocs();
        return app;
    }
}
