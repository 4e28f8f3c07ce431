namespace Sandcastle.Sandbox.Contexts;

/// <summary>A whole run gathered: the shape Cloudflare's code interpreter returns.</summary>
public sealed record ContextRunResult(ContextLogs Logs, IReadOnlyList<ContextResult> Results, ContextError? Error, int ExecutionCount);
