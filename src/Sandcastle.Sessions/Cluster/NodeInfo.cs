namespace Sandcastle.Sessions.Cluster;

/// <summary>
/// One node as it advertises itself in Redis every second: where to reach it, and its load for placement.
/// </summary>
/// <param name="Silo">Its silo's address with generation (Orleans' identity for this run of the node).</param>
/// <param name="Sandboxes">Sandboxes awake on it.</param>
/// <param name="Cpu">1-minute load average per core.</param>
/// <param name="Memory">Fraction of the machine's memory in use (0-1).</param>
/// <param name="Draining">Handing its sandboxes over before it stops: no new ones go there.</param>
public sealed record NodeInfo(
    string Name,
    string HttpAddress,
    string Silo,
    int Sandboxes,
    double Cpu,
    double Memory,
    bool Draining,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Lower is emptier: sandboxes first, then CPU and memory pressure break ties and steer away from busy machines.</summary>
    public double Load => Sandboxes + 4 * Cpu + 4 * Memory;
}
