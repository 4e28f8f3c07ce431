using Sandcastle.Sessions.Previews;
using StackExchange.Redis;

namespace Sandcastle.Sessions.Cluster;

/// <summary>
/// Which node serves a preview URL: ports are opened on the sandbox's owner (its namespaces are there), and a preview
/// request reaching another node is forwarded to it. Keys are hashes of the tokens, so Redis never holds a usable URL.
/// A stale route (the sandbox slept or moved) only leads to the old owner answering 404.
/// </summary>
public sealed class PreviewRoutes(ClusterRedis redis)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public async Task PublishAsync(PreviewPort preview, string node)
    {
        var batch = redis.Database.CreateBatch();
        var path = batch.StringSetAsync(Key(preview.Token), node, Lifetime);
        var host = batch.StringSetAsync(Key(preview.HostToken), node, Lifetime);
        batch.Execute();
        await Task.WhenAll(path, host);
    }

    public async Task<string?> FindNodeAsync(string token) => await redis.Database.StringGetAsync(Key(token)) is { HasValue: true } node ? node.ToString() : null;

    public Task RemoveAsync(PreviewPort preview) => redis.Database.KeyDeleteAsync([Key(preview.Token), Key(preview.HostToken)]);

    private static RedisKey Key(string token) =>
        ClusterRedis.Prefix + "preview:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
