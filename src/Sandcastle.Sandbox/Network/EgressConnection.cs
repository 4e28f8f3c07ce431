namespace Sandcastle.Sandbox.Network;

/// <summary>One connection a sandbox asked the proxy for: allowed (with the bytes each way) or refused (with why).</summary>
public sealed record EgressConnection(
    string SandboxId,
    string Host,
    int Port,
    string? Address,
    bool Allowed,
    string? Refusal,
    long BytesSent,
    long BytesReceived,
    DateTimeOffset StartedAt,
    TimeSpan Duration);
