using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;
using StackExchange.Redis;

namespace Sandcastle.Sessions.Cluster;

/// <summary>
/// Orleans' extension point for where a grain activates, for sandboxes: on the node that holds the workspace (the
/// owner key names it; silo metadata maps silos to node names), unless that node is gone or draining; otherwise
/// on the least-loaded node (awake sandboxes, CPU, memory, as advertised in Redis). Placement runs on the calling
/// silo; a single node places everything on itself.
/// </summary>
internal sealed class SandboxPlacementDirector(IServiceProvider services, IOptions<SandcastleClusterOptions> options, ILogger<SandboxPlacementDirector> logger)
    : IPlacementDirector
{
    /// <summary>Placements made here since the registry last said so: a burst of creates spreads before the next advert.</summary>
    private readonly ConcurrentDictionary<string, (DateTimeOffset Seen, int Extra)> _recent = new(StringComparer.Ordinal);

    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        if (!options.Value.Enabled || silos.Length <= 1)
            return silos.Contains(context.LocalSilo) || silos.Length == 0 ? context.LocalSilo : silos[0];
        var metadata = services.GetRequiredService<ISiloMetadataCache>();
        var registry = services.GetRequiredService<NodeRegistry>();
        try
        {
            var owner = await services.GetRequiredService<SandboxOwnership>().ReadAsync(target.GrainIdentity.Key.ToString()!);
            var nodes = await registry.ReadAsync();
            // Silo metadata names a silo once this one has fetched it, which can fail (a node that came up while a
            // connection to it failed) and is not retried: the node's own advert in Redis names its silo too.
            var named = silos.Select(s => (Silo: s, Node: NodeName(metadata, s) ?? nodes.Values.FirstOrDefault(n => n.Silo == s.ToParsableString())?.Name)).ToList();
            bool Draining(string? node) => node is not null && (nodes.GetValueOrDefault(node)?.Draining == true || (node == registry.LocalNode && registry.Draining));
            if (owner is { Released: false } && named.FirstOrDefault(n => n.Node == owner.Node) is { Silo: not null } home && !Draining(home.Node))
                return home.Silo;
            // A silo of unknown name is still a candidate, after every named one (its load is unknown), rather than
            // a draining node taking back what it just handed over.
            var candidates = named.Where(n => !Draining(n.Node)).ToList();
            if (candidates.Count == 0)
                candidates = named;
            var chosen = candidates.MinBy(n => Load(nodes, n.Node));
            if (chosen.Node is not null)
                _recent.AddOrUpdate(chosen.Node, _ => (nodes.GetValueOrDefault(chosen.Node)?.UpdatedAt ?? default, 1), (_, r) => (r.Seen, r.Extra + 1));
            return chosen.Silo;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Redis is away: the owner is unknown, so the local silo (the caller's) is as good a guess as any; the
            // activation's own claim then decides whether it may run here.
            logger.LogWarning("Placing {Grain} without Redis: {Reason}", target.GrainIdentity, e.Message);
            return silos.Contains(context.LocalSilo) ? context.LocalSilo : silos[0];
        }
    }

    private double Load(IReadOnlyDictionary<string, NodeInfo> nodes, string? node)
    {
        if (node is null || nodes.GetValueOrDefault(node) is not { } info)
            return double.MaxValue;
        var extra = _recent.TryGetValue(node, out var recent) && recent.Seen == info.UpdatedAt ? recent.Extra : 0;
        if (extra == 0)
            _recent.TryRemove(node, out _);
        return info.Load + extra;
    }

    private static string? NodeName(ISiloMetadataCache metadata, SiloAddress silo) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(ClusterMetadata.NodeName, out var name) ? name : null;
}
