using Microsoft.Extensions.DependencyInjection;

namespace Sandcastle.Server.Hosting;

public static class HostingServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ServerOptions"/> and the middleware they configure.</summary>
    public static IServiceCollection AddSandcastleHosting(this IServiceCollection services)
    {
        services.AddOptions<ServerOptions>()
            .BindConfiguration(ServerOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<BrowserAccessMiddleware>();
        services.AddSingleton<RequestShapeMiddleware>();
        services.AddSingleton<RequestBodyLimitMiddleware>();
        return services;
    }
}
