namespace Sandcastle.Server.Sandboxes;

/// <summary>Body of <c>POST /v1/sandboxes/{id}/contexts/{contextId}/run</c>; no timeout: the sandbox's.</summary>
public sealed record RunContextBody(string? Code, long? TimeoutMs);
