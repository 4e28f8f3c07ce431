using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sandcastle.Server.Sandboxes;
using Sandcastle.Server.Tenancy;

namespace Sandcastle.Server.Agents;

public static class AgentsApi
{
    /// <summary>Agent runs (Claude Code in a sandbox) and the model relay they reach the API through.</summary>
    public static IServiceCollection AddSandcastleAgents(this IServiceCollection services)
    {
        services.AddOptions<AgentOptions>()
            .BindConfiguration(AgentOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.DefaultTimeout > TimeSpan.Zero && o.MaxTimeout >= o.DefaultTimeout, "Agent:DefaultTimeout must be above 0 and at most Agent:MaxTimeout.")
            .ValidateOnStart();
        services.AddSingleton<AgentRuns>();
        services.AddSingleton<ModelRelay>();
        services.AddSingleton<RelayEndpoint>();
        services.AddSingleton<AgentRunner>();
        return services;
    }

    /// <summary>
    /// Maps <c>POST /v1/sandboxes/{id}/agent</c> (the caller's API key, like the rest of /v1) and the relay under
    /// <c>/model-relay</c>, which takes run tokens instead: only sandboxes' Claude Code calls it.
    /// </summary>
    public static IEndpointRouteBuilder MapAgentsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/v1/sandboxes")
            .AddEndpointFilter<TenantFilter>()
            .AddEndpointFilter<SandboxErrorFilter>()
            .MapPost("/{id}/agent", AgentEndpoints.Run)
            .AddEndpointFilter<ExecutionLimitFilter>()
            .WithSummary("Run Claude Code headless in the sandbox's workspace: init, text, tool_use, tool_result, result (SSE with Accept: text/event-stream).");
        endpoints.Map(ModelRelay.PathPrefix + "/{**path}", (HttpContext http, string? path, ModelRelay relay) => relay.HandleAsync(http, path))
            .ExcludeFromDescription();
        return endpoints;
    }
}
