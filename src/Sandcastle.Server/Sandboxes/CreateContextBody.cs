namespace Sandcastle.Server.Sandboxes;

/// <summary>Body of <c>POST /v1/sandboxes/{id}/contexts</c>: python, javascript or typescript.</summary>
public sealed record CreateContextBody(string? Language);
