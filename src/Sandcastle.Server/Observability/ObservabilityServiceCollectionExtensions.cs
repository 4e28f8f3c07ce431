using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;

namespace Sandcastle.Server.Observability;

public static class ObservabilityServiceCollectionExtensions
{
    /// <summary>The execution journal behind /v1/stats, the "Sandcastle" meter, and its Prometheus exporter with ASP.NET Core's meters.</summary>
    public static IServiceCollection AddSandcastleObservability(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>()
            .BindConfiguration(MetricsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SandcastleMetrics>();
        services.TryAddSingleton<ExecutionJournal>();
        services.TryAddSingleton<StatsReader>();
        services.TryAddSingleton<ServerClock>();
        services.AddHostedService(provider => provider.GetRequiredService<ServerClock>());
        services.AddHostedService<InstrumentsAtStart>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SandcastleMetrics.MeterName, Sandcastle.Sandbox.Network.EgressLog.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Routing")
            // Scrapes see the counts as they are now, not a cached copy (the default caches 300 ms).
            .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }
}
