using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Sandcastle.Sandbox;
using Sandcastle.Sessions.Sandboxes;
using Sandcastle.Sessions.Storage;

namespace Sandcastle.Sessions.Hosting;

public static class SessionsHostingExtensions
{
    /// <summary>The grain storage provider that keeps sandbox and tenant state.</summary>
    public const string StorageName = "sandcastle";

    /// <summary>Runs an embedded single-node silo with SQLite-backed state next to the sandboxes.</summary>
    public static IHostApplicationBuilder AddSandcastleSessions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSandcastleSessions(builder.Configuration);
        return builder;
    }

    /// <summary>As above, for a bare service collection; configuration supplies the "Sessions" section and the ports.</summary>
    public static IServiceCollection AddSandcastleSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSandcastleSandbox();
        services.AddOptions<SessionsOptions>()
            .BindConfiguration(SessionsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var section = configuration.GetSection(SessionsOptions.SectionName);
        var siloPort = FreePort.Resolve(section.GetValue<int>(nameof(SessionsOptions.SiloPort)));
        var gatewayPort = FreePort.Resolve(section.GetValue<int>(nameof(SessionsOptions.GatewayPort)));
        services.AddOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: "sandcastle", clusterId: "sandcastle");
            silo.Services.AddGrainStorage(StorageName, (sp, name) => ActivatorUtilities.CreateInstance<SqliteGrainStorage>(sp, name));
            // A sandbox decides when it sleeps (sleepAfter); idle collection is only the backstop for grains that never wake.
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromMinutes(15));
        });
        services.TryAddSingleton<SandboxDirectory>();
        services.TryAddSingleton<Previews.PreviewRegistry>();
        return services;
    }
}
