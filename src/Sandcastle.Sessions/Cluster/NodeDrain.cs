using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Sessions.Cluster;

/// <summary>
/// Draining, when the node stops (SIGTERM, Ctrl+C, <c>sandcastle node drain</c>): it stops taking new sandboxes,
/// snapshots each awake sandbox and releases it, then wakes each one again, which places it on another node where it
/// restores its files. It runs while the silo still serves (hosted services stop in reverse order). Nothing is lost:
/// every file written before the drain began is in the snapshot the next owner restores.
/// </summary>
internal sealed class NodeDrain(IGrainFactory grains, LocalSandboxes local, NodeRegistry registry, ILogger<NodeDrain> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await registry.StartDrainingAsync();
        var keys = local.Keys;
        if (keys.Count == 0)
            return;
        logger.LogInformation("Node {Node} drains: handing over {Count} sandboxes", registry.LocalNode, keys.Count);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(keys, parallel, async (key, _) =>
        {
            try
            {
                await grains.GetGrain<ISandboxGrain>(key).HandOverAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Sandbox {Key} could not be handed over: {Reason}", key, e.Message);
            }
        });
        var others = (await registry.ReadAliveAsync(fresh: true)).Where(n => n.Name != registry.LocalNode && !n.Draining).ToList();
        if (others.Count == 0)
        {
            logger.LogInformation("No other node takes sandboxes: they wake from their snapshots wherever they are called next");
            return;
        }
        await Parallel.ForEachAsync(keys, parallel, async (key, _) =>
        {
            // Placed by the director, which skips this draining node: the sandbox restores on another one. A call
            // that still reached this node is refused there (moving): tried again, it is placed afresh.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await grains.GetGrain<ISandboxGrain>(key).GetAsync();
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    if (attempt < 5)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
                        continue;
                    }
                    logger.LogWarning("Sandbox {Key} did not wake on another node: {Reason}", key, e.Message);
                    break;
                }
            }
        });
        logger.LogInformation("Node {Node} drained", registry.LocalNode);
    }
}
