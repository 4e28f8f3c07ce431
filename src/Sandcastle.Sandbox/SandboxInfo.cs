namespace Sandcastle.Sandbox;

/// <summary>A sandbox known on disk.</summary>
public sealed record SandboxInfo(string Id, string WorkspacePath, DateTimeOffset CreatedAt, int RunningProcesses);
