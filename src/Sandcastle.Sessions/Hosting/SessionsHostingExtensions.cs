using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Runtime.Hosting;
using Sandcastle.Sandbox;
using Sandcastle.Sessions.Cluster;
using Sandcastle.Sessions.Sandboxes;
using Sandcastle.Sessions.Snapshots;
using Sandcastle.Sessions.Storage;
using Sandcastle.Sessions.Tenants;

namespace Sandcastle.Sessions.Hosting;

public static class SessionsHostingExtensions
{
    /// <summary>The grain storage provider that keeps sandbox and tenant state.</summary>
    public const string StorageName = "sandcastle";

    /// <summary>
    /// Runs an embedded silo: a single node with SQLite-backed state next to the sandboxes, or, with "Cluster:Redis",
    /// a node of a cluster whose membership and state are in Redis.
    /// </summary>
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
        var tls = section.GetSection(nameof(SessionsOptions.Tls)).Get<SiloTlsOptions>() ?? new SiloTlsOptions();
        var cluster = ClusterHosting.Read(configuration);
        if (cluster.Enabled)
            ClusterHosting.Check(configuration, tls);
        var certificate = SiloCertificate.Load(tls, DataRoot.Resolve(configuration[$"{SandboxOptions.SectionName}:{nameof(SandboxOptions.DataRoot)}"]));
        services.AddOptions<SandcastleClusterOptions>()
            .BindConfiguration(SandcastleClusterOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<LocalSandboxes>();
        services.AddOrleans(silo =>
        {
            // Gateway port 0: no client gateway. The server is the silo's only client and calls it in-process; an
            // open gateway would let any local process (sandboxed code with host networking too) call every tenant's grains.
            if (cluster.Enabled)
                ClusterHosting.Configure(silo, cluster, siloPort);
            else
                silo.UseLocalhostClustering(siloPort, gatewayPort: 0, serviceId: "sandcastle", clusterId: "sandcastle");
            // The silo port: mutual TLS, peers pinned to our certificate (in a cluster, the one every node shares).
            silo.UseTls(certificate, o =>
            {
                o.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                o.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
                o.RemoteCertificateValidation = (remote, chain, errors) => SiloCertificate.IsPinned(certificate, remote, chain, errors);
                o.OnAuthenticateAsClient = (_, client) => client.TargetHost = SiloCertificate.TargetHost;
            });
            if (!cluster.Enabled)
                silo.Services.AddGrainStorage(StorageName, (sp, name) => ActivatorUtilities.CreateInstance<SqliteGrainStorage>(sp, name));
            silo.AddPlacementDirector<SandboxPlacement, SandboxPlacementDirector>();
            // A sandbox decides when it sleeps (sleepAfter); idle collection is only the backstop for grains that never wake.
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromMinutes(15));
        });
        if (cluster.Enabled)
            ClusterHosting.AddNodeServices(services);
        services.TryAddSingleton<SandboxDirectory>();
        services.TryAddSingleton<ITenantExecutionSlots, UnlimitedExecutionSlots>();
        services.AddSandcastleSnapshots();
        services.TryAddSingleton<Previews.PreviewRegistry>();
        return services;
    }
}
