using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Sandcastle.Sessions.Cluster;

/// <summary>
/// The cluster's nodes as Redis knows them: each node writes its <see cref="NodeInfo"/> every second, and reads
/// everyone's (at most once a second) for placement, forwarding and /health. Whether a node is alive is Orleans'
/// membership's call, not this table's: a killed node's row stays until it is overwritten, but its silo is dead.
/// </summary>
public sealed class NodeRegistry(
    ClusterRedis redis,
    IOptions<SandcastleClusterOptions> options,
    LocalSandboxes local,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    TimeProvider time,
    ILogger<NodeRegistry> logger) : BackgroundService
{
    private static readonly RedisKey Key = ClusterRedis.Prefix + "nodes";
    private static readonly TimeSpan PublishPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReadCache = TimeSpan.FromMilliseconds(500);

    private readonly Lock _lock = new();
    private IReadOnlyDictionary<string, NodeInfo> _cached = new Dictionary<string, NodeInfo>();
    private DateTimeOffset _cachedAt = DateTimeOffset.MinValue;
    private volatile bool _draining;

    public string LocalNode => options.Value.Node;

    public string LocalHttpAddress => options.Value.HttpAddress ?? "";

    public bool Draining => _draining;

    /// <summary>Stops new sandboxes coming here, and says so to the other nodes at once.</summary>
    public Task StartDrainingAsync()
    {
        _draining = true;
        return PublishAsync();
    }

    /// <summary>Every node that ever advertised itself, by name (cached briefly).</summary>
    public async Task<IReadOnlyDictionary<string, NodeInfo>> ReadAsync(bool fresh = false)
    {
        lock (_lock)
        {
            if (!fresh && time.GetUtcNow() - _cachedAt < ReadCache)
                return _cached;
        }
        var entries = await redis.Database.HashGetAllAsync(Key);
        var nodes = new Dictionary<string, NodeInfo>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (JsonSerializer.Deserialize<NodeInfo>(entry.Value.ToString()) is { } node)
                nodes[node.Name] = node;
        }
        lock (_lock)
        {
            _cached = nodes;
            _cachedAt = time.GetUtcNow();
        }
        return nodes;
    }

    /// <summary>The nodes whose silo is an active member of the cluster now.</summary>
    public async Task<IReadOnlyList<NodeInfo>> ReadAliveAsync(bool fresh = false)
    {
        var nodes = await ReadAsync(fresh);
        return [.. nodes.Values.Where(IsAlive).OrderBy(n => n.Name, StringComparer.Ordinal)];
    }

    /// <summary>Whether the node's silo (this run of it) is active in Orleans' membership.</summary>
    public bool IsAlive(NodeInfo node) => IsSiloActive(node.Silo);

    public bool IsSiloActive(string siloAddress)
    {
        var snapshot = membership.CurrentSnapshot;
        return snapshot.Members.Any(m => m.Value.Status == SiloStatus.Active && m.Key.ToParsableString() == siloAddress);
    }

    public NodeInfo Describe() => new(
        LocalNode, LocalHttpAddress, silo.SiloAddress.ToParsableString(), local.Count,
        NodeLoad.CpuPerCore(), NodeLoad.MemoryInUse(), _draining, time.GetUtcNow());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PublishAsync();
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogWarning("Cannot advertise node {Node} in Redis: {Reason}", LocalNode, e.Message);
            }
            try
            {
                await Task.Delay(PublishPeriod, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            // Gone on purpose: its row goes too (a killed node's stays, and membership says it is dead).
            await redis.Database.HashDeleteAsync(Key, LocalNode);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("Cannot remove node {Node} from Redis: {Reason}", LocalNode, e.Message);
        }
    }

    private Task PublishAsync() => redis.Database.HashSetAsync(Key, LocalNode, JsonSerializer.Serialize(Describe()));
}
