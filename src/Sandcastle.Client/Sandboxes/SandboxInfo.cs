namespace Sandcastle.Client.Sandboxes;

/// <summary>A sandbox as the server describes it. <see cref="Env"/> holds names only: values are write-only.</summary>
/// <param name="SleepAfter">Seconds without calls before its processes stop and it sleeps (files stay).</param>
/// <param name="RunningProcesses">Background processes running now; null in lists.</param>
/// <param name="Network">Where its commands may connect (through the server's egress proxy); null from a server without network policies.</param>
public sealed record SandboxInfo(
    string Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUsedAt,
    double SleepAfter,
    SandboxLimits Limits,
    IReadOnlyList<string> Env,
    IReadOnlyDictionary<string, string> Labels,
    int? RunningProcesses,
    SandboxNetwork? Network = null);

/// <summary>
/// A network policy: the hosts a sandbox's commands may connect to, e.g. <c>pypi.org</c>, <c>*.pythonhosted.org</c>,
/// <c>api.example.com:443</c>, or <c>*</c> for the public internet. Empty: no network.
/// </summary>
public sealed record SandboxNetwork(IReadOnlyList<string> Allow);

/// <summary>Limits asked for a sandbox; each may only tighten the server's defaults (the timeout may rise to its maximum). Null keeps the default.</summary>
public sealed record SandboxLimits
{
    public long? TimeoutMs { get; init; }
    public long? MemoryBytes { get; init; }
    public int? MaxProcesses { get; init; }
    public double? CpuCores { get; init; }
    public long? MaxOutputBytes { get; init; }
    public long? WorkspaceQuotaBytes { get; init; }
}

/// <summary>What to create a sandbox with; on an existing sandbox these replace its settings.</summary>
public sealed record SandboxSettings
{
    public SandboxLimits? Limits { get; init; }
    public IReadOnlyDictionary<string, string>? Env { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Idle time before the sandbox sleeps; null: the server's default (10 minutes).</summary>
    public TimeSpan? SleepAfter { get; init; }

    /// <summary>
    /// Where its commands may connect, within the server's Network:MaxAllow (past it: 400); null keeps the current
    /// policy (a new sandbox gets the server's Network:DefaultAllow), an empty list takes the network away.
    /// </summary>
    public SandboxNetwork? Network { get; init; }

    internal object ToBody() => new { Limits, Env, Labels, SleepAfter = SleepAfter?.TotalSeconds, Network };
}

internal sealed record SandboxListBody(IReadOnlyList<SandboxInfo> Sandboxes);
