using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Sandcastle.Sessions.Cluster;

/// <summary>The one connection this node keeps to the cluster's Redis for ownership, the node registry and preview routes.</summary>
public sealed class ClusterRedis(IOptions<SandcastleClusterOptions> options) : IDisposable
{
    /// <summary>Every key this node writes starts so; Orleans' own keys (membership, grain state) have theirs.</summary>
    public const string Prefix = "sandcastle:";

    private readonly Lazy<ConnectionMultiplexer> _connection = new(() => ConnectionMultiplexer.Connect(RedisAddress.Parse(options.Value.Redis!)));

    public IDatabase Database => _connection.Value.GetDatabase();

    public void Dispose()
    {
        if (_connection.IsValueCreated)
            _connection.Value.Dispose();
    }
}
