using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol.Protocol;
using Sandcastle.Server.Health;
using Sandcastle.Server.Sandboxes;
using Sandcastle.Server.Tenancy;

namespace Sandcastle.Server.Mcp;

public static class McpApi
{
    /// <summary>The MCP server's identity and its tools and resources: the same for <c>/mcp</c> and <c>sandcastle mcp</c> (stdio).</summary>
    public static IMcpServerBuilder AddSandcastleMcpServer(this IServiceCollection services)
    {
        services.TryAddSingleton<SandboxFiles>();
        services.TryAddSingleton<McpCaller>();
        return services
            .AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "sandcastle", Title = "Sandcastle", Version = ServerVersion.Current };
                options.ServerInstructions = "Sandcastle runs code in isolated Linux sandboxes. Use run_code for a program, run_shell for a command, "
                    + "run_cell to keep Python state between calls. Name a sandbox (create_sandbox) to keep files between calls.";
            })
            .WithTools<RunTools>()
            .WithTools<SandboxTools>()
            .WithTools<FileTools>()
            .WithTools<ProcessTools>()
            .WithResources<SandboxFileResources>();
    }

    /// <summary>Streamable HTTP at <c>/mcp</c>; stateless, so every request stands alone and carries its own key.</summary>
    public static IServiceCollection AddSandcastleMcp(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSandcastleMcpServer().WithHttpTransport(options => options.Stateless = true);
        return services;
    }

    /// <summary>Maps <c>/mcp</c> behind the same API keys and tenants as <c>/v1</c>: a request without a known key never reaches the MCP server.</summary>
    public static IEndpointRouteBuilder MapMcpApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMcp("/mcp").Add(endpoint =>
        {
            // MapMcp's endpoints are plain request delegates, which endpoint filters do not wrap: the check goes around the delegate.
            var next = endpoint.RequestDelegate ?? throw new InvalidOperationException("An MCP endpoint without a request delegate.");
            endpoint.RequestDelegate = context =>
                TenantAuthentication.Authenticate(context, context.RequestServices.GetRequiredService<ApiKeyRegistry>()) is { } refusal
                    ? refusal.ExecuteAsync(context)
                    : next(context);
            endpoint.Metadata.Add(new EndpointSummaryMetadata("Model Context Protocol (Streamable HTTP): Sandcastle's tools for agents, with the same API keys."));
        });
        return endpoints;
    }

    private sealed record EndpointSummaryMetadata(string Summary) : Microsoft.AspNetCore.Http.Metadata.IEndpointSummaryMetadata;
}
