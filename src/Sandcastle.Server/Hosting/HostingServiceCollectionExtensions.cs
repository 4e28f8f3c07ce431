using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Sandcastle.Server.Hosting;

public static class HostingServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ServerOptions"/> and the CORS policy they describe.</summary>
    public static IServiceCollection AddSandcastleHosting(this IServiceCollection services)
    {
        services.AddOptions<ServerOptions>()
            .BindConfiguration(ServerOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddCors();
        services.AddSingleton<IConfigureOptions<CorsOptions>, ConfigureCorsFromServerOptions>();
        services.AddSingleton<RequestBodyLimitMiddleware>();
        return services;
    }
}
