namespace Sandcastle.Server.Previews;

/// <summary>Preview URLs, bound from the "Preview" section.</summary>
public sealed class PreviewOptions
{
    public const string SectionName = "Preview";

    /// <summary>
    /// The server's address as browsers reach it (behind a reverse proxy, say), used to build preview URLs. Empty: the
    /// scheme and host of the request that opened the port.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// A wildcard domain whose names all reach this server (e.g. <c>preview.example.com</c>, with DNS
    /// <c>*.preview.example.com</c>): ports are then also served at <c>{port}-{id}-{token}.{Domain}</c>, so an app
    /// sees itself at a site root and in its own origin. Empty: the path form only.
    /// </summary>
    public string? Domain { get; set; }
}
