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

    /// <summary>The effective limits; throws <see cref="SandboxRequestException"/> for a value out of range.</summary>
    public SandboxLimits Apply(SandboxLimits defaults, TimeSpan maxTimeout) => defaults with
    {
        Timeout = TimeoutMs is { } t ? TimeSpan.FromMilliseconds(Check(t, (long)maxTimeout.TotalMilliseconds, "timeoutMs")) : defaults.Timeout,
        MemoryBytes = MemoryBytes is { } m ? Check(m, defaults.MemoryBytes, "memoryBytes") : defaults.MemoryBytes,
        MaxProcesses = MaxProcesses is { } p ? (int)Check(p, defaults.MaxProcesses, "maxProcesses") : defaults.MaxProcesses,
        CpuCores = CpuCores is { } c ? (c > 0 && c <= defaults.CpuCores ? c : throw OutOfRange("cpuCores", defaults.CpuCores)) : defaults.CpuCores,
        MaxOutputBytes = MaxOutputBytes is { } o ? Check(o, defaults.MaxOutputBytes, "maxOutputBytes") : defaults.MaxOutputBytes,
        WorkspaceQuotaBytes = WorkspaceQuotaBytes is { } q ? Check(q, defaults.WorkspaceQuotaBytes, "workspaceQuotaBytes") : defaults.WorkspaceQuotaBytes,
    };

    private static long Check(long value, long max, string name) =>
        value > 0 && value <= max ? value : throw OutOfRange(name, max);

    private static SandboxRequestException OutOfRange(string name, double max) =>
        new(SandboxErrorKind.BadRequest, $"'{name}' must be above 0 and at most {max}.");
}
