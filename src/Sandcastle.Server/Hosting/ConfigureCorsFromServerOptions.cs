using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace Sandcastle.Server.Hosting;

/// <summary>Builds the default CORS policy from <see cref="ServerOptions"/> (default: any origin, GET/POST/OPTIONS, as the seed).</summary>
internal sealed class ConfigureCorsFromServerOptions(IOptions<ServerOptions> server) : IConfigureOptions<CorsOptions>
{
    public void Configure(CorsOptions options)
    {
        var settings = server.Value;
        var origins = Split(settings.CorsAllowedOrigins);
        if (origins.Length == 0)
            return;
        var headers = Split(settings.CorsAllowedHeaders);
        options.AddDefaultPolicy(policy =>
        {
            if (origins.Contains("*"))
                policy.AllowAnyOrigin();
            else
                policy.WithOrigins(origins);
            policy.WithMethods(Split(settings.CorsAllowedMethods));
            if (headers.Contains("*"))
                policy.AllowAnyHeader();
            else
                policy.WithHeaders(headers);
        });
    }

    private static string[] Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
