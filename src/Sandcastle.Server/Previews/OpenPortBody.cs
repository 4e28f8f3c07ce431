namespace Sandcastle.Server.Previews;

/// <summary>Body of <c>POST /v1/sandboxes/{id}/ports</c>: the port a process in the sandbox listens on, and a label.</summary>
public sealed record OpenPortBody(int? Port, string? Name);
