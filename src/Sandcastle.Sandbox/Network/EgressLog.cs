using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Sandcastle.Sandbox.Network;

/// <summary>
/// What the egress proxy did, per sandbox: the last connections (for <c>/v1/stats</c> and the monitor) and totals;
/// also counted as metrics (meter <c>Sandcastle.Network</c>) for <c>/metrics</c>.
/// </summary>
public sealed class EgressLog
{
    public const string MeterName = "Sandcastle.Network";
    private const int KeptPerSandbox = 50;

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Connections = Meter.CreateCounter<long>("sandcastle.egress.connections", description: "Connections sandboxes asked the egress proxy for, by outcome.");
    private static readonly Counter<long> Bytes = Meter.CreateCounter<long>("sandcastle.egress.bytes", "By", "Bytes through the egress proxy, by direction.");

    private readonly ConcurrentDictionary<string, SandboxEgress> _sandboxes = new();

    public void Record(EgressConnection connection)
    {
        Connections.Add(1, new KeyValuePair<string, object?>("outcome", connection.Allowed ? "allowed" : "refused"));
        if (connection.BytesSent > 0)
            Bytes.Add(connection.BytesSent, new KeyValuePair<string, object?>("direction", "sent"));
        if (connection.BytesReceived > 0)
            Bytes.Add(connection.BytesReceived, new KeyValuePair<string, object?>("direction", "received"));
        _sandboxes.GetOrAdd(connection.SandboxId, _ => new SandboxEgress()).Add(connection);
    }

    /// <summary>A sandbox's totals and latest connections, newest first.</summary>
    public EgressSummary Summarize(string sandboxId) =>
        _sandboxes.TryGetValue(sandboxId, out var egress) ? egress.Summarize() : new EgressSummary(0, 0, 0, 0, []);

    /// <summary>Forgets a sandbox that was deleted.</summary>
    public void Forget(string sandboxId) => _sandboxes.TryRemove(sandboxId, out _);

    private sealed class SandboxEgress
    {
        private readonly Lock _lock = new();
        private readonly LinkedList<EgressConnection> _recent = new();
        private long _allowed, _refused, _sent, _received;

        public void Add(EgressConnection connection)
        {
            lock (_lock)
            {
                if (connection.Allowed) _allowed++; else _refused++;
                _sent += connection.BytesSent;
                _received += connection.BytesReceived;
                _recent.AddFirst(connection);
                if (_recent.Count > KeptPerSandbox)
                    _recent.RemoveLast();
            }
        }

        public EgressSummary Summarize()
        {
            lock (_lock)
                return new EgressSummary(_allowed, _refused, _sent, _received, [.. _recent]);
        }
    }
}

/// <summary>A sandbox's egress: connection and byte totals, and the latest connections, newest first.</summary>
public sealed record EgressSummary(long Allowed, long Refused, long BytesSent, long BytesReceived, IReadOnlyList<EgressConnection> Recent);
