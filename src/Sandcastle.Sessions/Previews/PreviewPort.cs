namespace Sandcastle.Sessions.Previews;

/// <summary>
/// A port of a sandbox opened to the outside: whoever holds the token reaches the port through the server.
/// <see cref="Key"/> names it inside the server only (the forwarder's connection pool), never on the wire.
/// <see cref="HostToken"/> is the credential of the host form of the URL: lower-case hex, because browsers
/// lower-case host names, and 128 bits, so that <c>{port}-{id}-{token}</c> fits a 63-character DNS label.
/// </summary>
public sealed record PreviewPort(
    string Token,
    string HostToken,
    string Key,
    string Tenant,
    string SandboxId,
    string WorkspaceId,
    int Port,
    string? Name,
    DateTimeOffset CreatedAt);
