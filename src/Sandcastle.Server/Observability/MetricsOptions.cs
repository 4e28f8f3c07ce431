namespace Sandcastle.Server.Observability;

/// <summary>How /metrics is exposed, bound from the "Metrics" section.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>
    /// Answer /metrics to callers other than loopback. Off by default: the metrics are not tenant-scoped (they count
    /// every tenant's work) and need no API key, so only a scraper on the same host, or one behind a proxy the
    /// operator controls, should see them. Turn on when the network path to the server is private.
    /// </summary>
    public bool AllowRemote { get; set; }
}
