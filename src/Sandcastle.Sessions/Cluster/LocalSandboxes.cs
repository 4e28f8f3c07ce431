using System.Collections.Concurrent;

namespace Sandcastle.Sessions.Cluster;

/// <summary>The sandboxes awake on this node (grain keys): its load for placement, and what a drain hands over.</summary>
public sealed class LocalSandboxes
{
    private readonly ConcurrentDictionary<string, byte> _keys = new(StringComparer.Ordinal);

    public int Count => _keys.Count;

    public IReadOnlyList<string> Keys => [.. _keys.Keys];

    public void Add(string grainKey) => _keys.TryAdd(grainKey, 0);

    public void Remove(string grainKey) => _keys.TryRemove(grainKey, out _);
}
