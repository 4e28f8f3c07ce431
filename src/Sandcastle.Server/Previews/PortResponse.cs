using Sandcastle.Sessions.Previews;

namespace Sandcastle.Server.Previews;

/// <summary>
/// An open port on the wire: its URLs carry the token, so they are shown only to the sandbox's own tenant.
/// <see cref="Url"/> is the host form when <c>Preview:Domain</c> is set (and the id is short enough for it), else
/// the path form; <see cref="PathUrl"/> is always the path form, which needs no DNS.
/// </summary>
public sealed record PortResponse(int Port, string? Name, string Url, string PathUrl, DateTimeOffset CreatedAt)
{
    public static PortResponse From(PreviewPort preview, string baseUrl, string? domain)
    {
        var pathUrl = $"{baseUrl.TrimEnd('/')}/preview/{preview.Token}/";
        var host = string.IsNullOrWhiteSpace(domain) ? null : PreviewHostName.Format(preview, domain);
        var url = host is null ? pathUrl : new UriBuilder(baseUrl) { Host = host, Path = "/", Query = "" }.Uri.ToString();
        return new(preview.Port, preview.Name, url, pathUrl, preview.CreatedAt);
    }
}

/// <summary>A sandbox's open ports.</summary>
public sealed record PortList(IReadOnlyList<PortResponse> Ports);
