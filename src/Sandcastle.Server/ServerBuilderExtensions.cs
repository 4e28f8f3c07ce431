using Sandcastle.Server.Cluster;
using Microsoft.AspNetCore.Builder;
using Sandcastle.Generation;
using Sandcastle.Server.Agents;
using Sandcastle.Sandbox;
using Sandcastle.Server.Configuration;
using Sandcastle.Server.Errors;
using Sandcastle.Server.Execute;
using Sandcastle.Server.Health;
using Sandcastle.Server.Hosting;
using Sandcastle.Server.Mcp;
using Sandcastle.Server.OpenApi;
using Sandcastle.Server.Observability;
using Sandcastle.Server.Previews;
using Sandcastle.Server.Sandboxes;
using Sandcastle.Server.Web;

namespace Sandcastle.Server;

public static class ServerBuilderExtensions
{
    /// <summary>Registers every part the server composes: one line per part.</summary>
    public static WebApplicationBuilder AddSandcastleServer(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddSandcastleConfiguration(Directory.GetCurrentDirectory());
        builder.Services.AddSandcastleHosting();
        builder.Services.AddSandcastleErrors();
        builder.Services.AddSandcastleSandbox();
        builder.Services.AddSandcastleGeneration();
        builder.Services.AddSandcastleExecute();
        builder.Services.AddSandcastleHealth();
        builder.Services.AddSandcastleObservability();
        builder.AddSandboxesApi();
        builder.Services.AddSandcastlePlayground();
        builder.Services.AddPreviewApi();
        builder.Services.AddClusterRouting();
        builder.Services.AddSandcastleAgents();
        builder.Services.AddSandcastleMcp();
        builder.Services.AddSandcastleOpenApi();
        return builder;
    }
}
