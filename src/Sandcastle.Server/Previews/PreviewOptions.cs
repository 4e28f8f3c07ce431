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
}
