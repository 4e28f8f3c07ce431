using System.ComponentModel.DataAnnotations;

namespace Sandcastle.Server.Hosting;

/// <summary>HTTP-level settings of the server, bound from the "Server" section.</summary>
public sealed class ServerOptions
{
    public const string SectionName = "Server";

    /// <summary>Largest request body accepted by endpoints that do not declare their own limit; larger gets 413.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    // Comma-separated rather than lists: a bound list appends to its default instead of replacing it.

    /// <summary>
    /// Comma-separated origins allowed by CORS; "*" allows any. Unset: "*" on a server with API keys (the seed's
    /// behaviour: a page still needs a key), none on a keyless one (any page could drive it). Empty turns CORS off.
    /// </summary>
    public string? CorsAllowedOrigins { get; set; }

    /// <summary>Comma-separated methods allowed by CORS.</summary>
    public string CorsAllowedMethods { get; set; } = "GET, POST, OPTIONS";

    /// <summary>Comma-separated request headers allowed by CORS; "*" allows any but Authorization, which is named.</summary>
    public string CorsAllowedHeaders { get; set; } = "Content-Type, Authorization, Accept, Last-Event-ID";

    /// <summary>How long GET /health reuses a sandbox check before running a new one.</summary>
    public TimeSpan HealthCheckCacheDuration { get; set; } = TimeSpan.FromSeconds(10);
}
