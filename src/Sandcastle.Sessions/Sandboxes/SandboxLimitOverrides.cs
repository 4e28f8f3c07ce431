using Sandcastle.Sandbox;

namespace Sandcastle.Sessions.Sandboxes;

/// <summary>
/// Limits a client asked for. Each may only tighten the server's default, except the timeout, which may rise to the
/// configured maximum. Null members keep the default.
/// </summary>
[GenerateSerializer, Alias("Sandcastle.SandboxLimitOverrides")]
public sealed record SandboxLimitOverrides
{
    [Id(0)] public long? TimeoutMs { get; init; }
    [Id(1)] public long? MemoryBytes { get; init; }
    [Id(2)] public int? MaxProcesses { get; init; }
    [Id(3)] public double? CpuCores { get; init; }
    [Id(4)] public long? MaxOutputBytes { get; init; }
    [Id(5)] public long? WorkspaceQuotaBytes { get; init; }

    public static SandboxLimitOverrides None { get; } = new();

    /// <summary>The wire names of the limits, as <c>PUT /v1/sandboxes/{id}</c> takes them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["timeoutMs", "memoryBytes", "maxProcesses", "cpuCores", "maxOutputBytes", "workspaceQuotaBytes"];

    /// <summary>The effective limits; throws <see cref="SandboxRequestException"/> for a value out of range, naming the range.</summary>
    public SandboxLimits Apply(SandboxLimits defaults, TimeSpan maxTimeout) => defaults with
    {
        Timeout = TimeoutMs is { } t ? TimeSpan.FromMilliseconds(Check(t, (long)SandboxLimitRanges.MinTimeout.TotalMilliseconds, (long)maxTimeout.TotalMilliseconds, "timeoutMs")) : defaults.Timeout,
        MemoryBytes = MemoryBytes is { } m ? Check(m, SandboxLimitRanges.MinMemoryBytes, defaults.MemoryBytes, "memoryBytes") : defaults.MemoryBytes,
        MaxProcesses = MaxProcesses is { } p ? (int)Check(p, SandboxLimitRanges.MinProcesses, defaults.MaxProcesses, "maxProcesses") : defaults.MaxProcesses,
        CpuCores = CpuCores is { } c ? (c >= SandboxLimitRanges.MinCpuCores && c <= defaults.CpuCores ? c : throw OutOfRange("cpuCores", SandboxLimitRanges.MinCpuCores, defaults.CpuCores, c)) : defaults.CpuCores,
        MaxOutputBytes = MaxOutputBytes is { } o ? Check(o, SandboxLimitRanges.MinOutputBytes, defaults.MaxOutputBytes, "maxOutputBytes") : defaults.MaxOutputBytes,
        WorkspaceQuotaBytes = WorkspaceQuotaBytes is { } q ? Check(q, SandboxLimitRanges.MinWorkspaceQuotaBytes, defaults.WorkspaceQuotaBytes, "workspaceQuotaBytes") : defaults.WorkspaceQuotaBytes,
    };

    private static long Check(long value, long min, long max, string name) =>
        value >= min && value <= max ? value : throw OutOfRange(name, min, max, value);

    private static SandboxRequestException OutOfRange(string name, double min, double max, double value) => new(SandboxErrorKind.BadRequest,
        min <= max
            ? $"'{name}' must be from {min} to {max} (this server's default is the most it allows), not {value}."
            : $"'{name}' cannot be set on this server: its default ({max}) is below the least a program needs ({min}).");
}
