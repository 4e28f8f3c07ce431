namespace Sandcastle.Server.Health;

/// <summary>Whether the sandbox engine can run code; <see cref="Problem"/> says what to fix when not.</summary>
public sealed record SandboxReadiness(bool Usable, string Cgroup, string? Problem);
