using Microsoft.Extensions.DependencyInjection;
using Sandcastle.Sessions.Tenants;

namespace Sandcastle.Server.Tenancy;

public static class TenancyServiceCollectionExtensions
{
    /// <summary>API keys as tenants, the loopback guard for key-less servers, and per-tenant execution limits.</summary>
    public static IServiceCollection AddSandcastleTenancy(this IServiceCollection services)
    {
        services.AddOptions<TenancyOptions>()
            .BindConfiguration(TenancyOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ApiKeyRegistry>();
        services.AddSingleton<ExecutionLimiter>();
        services.AddSingleton<ITenantExecutionSlots>(sp => sp.GetRequiredService<ExecutionLimiter>());
        services.AddSingleton<TenantFilter>();
        services.AddSingleton<ExecutionLimitFilter>();
        services.AddHostedService<LoopbackGuard>();
        return services;
    }
}
