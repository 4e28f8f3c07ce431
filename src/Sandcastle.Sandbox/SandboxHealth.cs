namespace Sandcastle.Sandbox;

/// <summary>Whether sandboxes can run here, and if not, why.</summary>
public sealed record SandboxHealth(bool Usable, string CgroupVersion, string? Problem);
