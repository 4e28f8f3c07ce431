namespace Sandcastle.Client.Sandboxes;

/// <summary>
/// A port of the sandbox opened at a preview URL: a browser reaches the server listening on it inside until the
/// port is closed or the sandbox sleeps or is removed.
/// </summary>
/// <param name="Url">The preview URL to give out (host-form when the server has a preview domain).</param>
/// <param name="PathUrl">The same preview under the server's own address (<c>/preview/TOKEN/</c>).</param>
public sealed record PreviewPort(int Port, string? Name, string Url, string PathUrl, DateTimeOffset CreatedAt);

internal sealed record PortListBody(IReadOnlyList<PreviewPort> Ports);
