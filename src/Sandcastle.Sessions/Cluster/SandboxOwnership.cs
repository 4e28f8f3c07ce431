using StackExchange.Redis;

namespace Sandcastle.Sessions.Cluster;

/// <summary>
/// The owner key of each sandbox in Redis, changed only by compare-and-set (a Lua script runs atomically on the
/// server): of two nodes activating one sandbox at once, exactly one replaces the value both read; the other loses
/// and shuts its copy down. So no two nodes ever run one sandbox, even while membership is still settling.
/// </summary>
public sealed class SandboxOwnership(ClusterRedis redis)
{
    private const string CompareAndSet = """
        local current = redis.call('GET', KEYS[1])
        if (current == false and ARGV[1] == '') or current == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[2])
          return 1
        end
        return 0
        """;

    private const string DeleteIfEqual = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    public async Task<SandboxOwner?> ReadAsync(string grainKey) =>
        SandboxOwner.Parse(await redis.Database.StringGetAsync(Key(grainKey)));

    /// <summary>Sets the owner to <paramref name="claim"/> only if it is still <paramref name="expected"/> (null: no owner yet).</summary>
    public async Task<bool> TryClaimAsync(string grainKey, SandboxOwner? expected, SandboxOwner claim)
    {
        var result = await redis.Database.ScriptEvaluateAsync(CompareAndSet, [Key(grainKey)], [expected?.Value ?? "", claim.Value]);
        return (int)result == 1;
    }

    /// <summary>Forgets the owner (the sandbox was destroyed) unless someone else took it meanwhile.</summary>
    public Task ForgetAsync(string grainKey, SandboxOwner owner) =>
        redis.Database.ScriptEvaluateAsync(DeleteIfEqual, [Key(grainKey)], [owner.Value]);

    private static RedisKey Key(string grainKey) => ClusterRedis.Prefix + "owner:" + grainKey;
}
