using Sandcastle.Sessions.Previews;

namespace Sandcastle.Server.Previews;

/// <summary>An open port on the wire: its URL carries the token, so it is shown only to the sandbox's own tenant.</summary>
public sealed record PortResponse(int Port, string? Name, string Url, DateTimeOffset CreatedAt)
{
    public static PortResponse From(PreviewPort preview, string baseUrl) =>
        new(preview.Port, preview.Name, $"{baseUrl.TrimEnd('/')}/preview/{preview.Token}/", preview.CreatedAt);
}

/// <summary>A sandbox's open ports.</summary>
public sealed record PortList(IReadOnlyList<PortResponse> Ports);
