namespace Sandcastle.Sessions.Previews;

/// <summary>
/// A port of a sandbox opened to the outside: whoever holds the token reaches the port through the server.
/// <see cref="Key"/> names it inside the server only (the forwarder's connection pool), never on the wire.
/// </summary>
public sealed record PreviewPort(
    string Token,
    string Key,
    string Tenant,
    string SandboxId,
    string WorkspaceId,
    int Port,
    string? Name,
    DateTimeOffset CreatedAt);
