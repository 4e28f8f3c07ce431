using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Serialization;
using Sandcastle.Sessions.Hosting;
using Sandcastle.Sessions.Snapshots;

namespace Sandcastle.Sessions.Cluster;

/// <summary>
/// Turns the embedded silo into a cluster node: membership and grain state in Redis, the silo port on the node's
/// address (still mutual TLS with the one certificate every node shares, still no client gateway), its name and HTTP
/// address in silo metadata, and membership probes tuned so a killed node is declared dead within seconds.
/// </summary>
public static class ClusterHosting
{
    public static SandcastleClusterOptions Read(IConfiguration configuration) =>
        configuration.GetSection(SandcastleClusterOptions.SectionName).Get<SandcastleClusterOptions>() ?? new SandcastleClusterOptions();

    /// <summary>Refuses a cluster that could not fail over or that every node would trust differently.</summary>
    public static void Check(IConfiguration configuration, SiloTlsOptions tls)
    {
        var snapshots = configuration.GetSection(SnapshotOptions.SectionName).Get<SnapshotOptions>() ?? new SnapshotOptions();
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(tls.CertificatePath))
            problems.Add("Cluster: every node needs the same silo certificate: make one with `sandcastle cluster cert --out silo.pfx`, copy it to each node and set Sessions__Tls__CertificatePath to it.");
        if (snapshots.S3 is not { Bucket.Length: > 0 } && string.IsNullOrWhiteSpace(snapshots.Directory))
            problems.Add("Cluster: snapshots must be in a store every node reaches, for failover: set Snapshots__S3__Bucket (S3) or Snapshots__Directory (a shared directory).");
        try
        {
            _ = RedisAddress.Parse(Read(configuration).Redis!);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            problems.Add($"Cluster:Redis: {e.Message}");
        }
        if (problems.Count > 0)
            throw new OptionsValidationException(SandcastleClusterOptions.SectionName, typeof(SandcastleClusterOptions), problems);
    }

    internal static void Configure(ISiloBuilder silo, SandcastleClusterOptions cluster, int siloPort)
    {
        var address = AdvertisedAddress(cluster);
        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = address;
            o.SiloPort = siloPort;
            // No client gateway, as on a single node: the server hosts its silo and is its only client.
            o.GatewayPort = 0;
            o.SiloListeningEndpoint = new IPEndPoint(address, siloPort);
        });
        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("sandcastle", "sandcastle"));
        silo.UseRedisClustering(o => o.ConfigurationOptions = RedisAddress.Parse(cluster.Redis!));
        silo.AddRedisGrainStorage(SessionsHostingExtensions.StorageName, options => options.Configure<Serializer>((o, serializer) =>
        {
            o.ConfigurationOptions = RedisAddress.Parse(cluster.Redis!);
            o.GrainStorageSerializer = new OrleansStateSerializer(serializer);
            o.DeleteStateOnClear = true;
        }));
        silo.UseSiloMetadata(new Dictionary<string, string>
        {
            [ClusterMetadata.NodeName] = cluster.Node,
            [ClusterMetadata.HttpAddress] = cluster.HttpAddress ?? "",
        });
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            // A node killed outright: its peers miss 2 probes of 1 s and vote it dead (2 votes; fewer in a smaller
            // cluster), then every silo drops its activations, whose next calls place them again.
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(20);
        });
    }

    /// <summary>Registered after the silo: hosted services stop in reverse order, so the drain runs while the silo still serves.</summary>
    internal static void AddNodeServices(IServiceCollection services)
    {
        services.AddSingleton<ClusterRedis>();
        services.AddSingleton<SandboxOwnership>();
        services.AddSingleton<PreviewRoutes>();
        services.AddSingleton<NodeRegistry>();
        services.AddHostedService(sp => sp.GetRequiredService<NodeRegistry>());
        // After the registry: stopped before it, so the draining flag is still advertised while sandboxes move.
        services.AddHostedService<NodeDrain>();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMinutes(2));
    }

    /// <summary>The configured Cluster:AdvertiseAddress, else the host's first non-loopback IPv4 address, else loopback.</summary>
    public static IPAddress AdvertisedAddress(SandcastleClusterOptions cluster)
    {
        if (!string.IsNullOrWhiteSpace(cluster.AdvertiseAddress))
        {
            return IPAddress.TryParse(cluster.AdvertiseAddress, out var configured) ? configured
                : throw new OptionsValidationException(SandcastleClusterOptions.SectionName, typeof(SandcastleClusterOptions),
                    [$"Cluster:AdvertiseAddress: '{cluster.AdvertiseAddress}' is not an IP address."]);
        }
        var found = NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        return found ?? IPAddress.Loopback;
    }
}
