using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Sandcastle.Server.Health;

public static class HealthServiceCollectionExtensions
{
    public static IServiceCollection AddSandcastleHealth(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SandboxHealthProbe>();
        return services;
    }
}
