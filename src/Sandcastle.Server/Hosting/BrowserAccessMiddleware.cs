using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Sandcastle.Server.Errors;
using Sandcastle.Server.Tenancy;

namespace Sandcastle.Server.Hosting;

/// <summary>
/// What a web browser may do with this server. With API keys, the seed's contract: CORS headers on every response
/// (by default <c>*</c>, as its Cloudflare worker sends them) and any <c>OPTIONS</c> answered, with or without an
/// <c>Origin</c>: a page still needs a key. Without keys the server trusts every loopback caller, and a page the
/// developer visits is one (as is any name rebound to 127.0.0.1), so: <c>Host</c> must be a loopback name,
/// an <c>Origin</c> must be a loopback one or configured, no CORS unless configured, and a POST body must be
/// declared JSON (a cross-site form or <c>text/plain</c> POST needs no preflight), except to a preview, whose token
/// no other site knows.
/// </summary>
internal sealed class BrowserAccessMiddleware(ApiKeyRegistry keys, IOptions<ServerOptions> options) : IMiddleware
{
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var settings = options.Value;
        var configured = Split(settings.CorsAllowedOrigins);
        var origin = context.Request.Headers.Origin.ToString();
        if (keys.IsOpen)
        {
            if (!IsLoopbackHost(context.Request.Host.Host))
                return Refuse(context, $"A server without API keys answers only requests addressed to a loopback name (localhost, 127.0.0.1, [::1]), not '{context.Request.Host.Host}'. Set SANDCASTLE_API_KEYS to serve other names.");
            if (origin.Length > 0 && !IsLoopbackOrigin(origin) && !configured.Contains(origin, StringComparer.OrdinalIgnoreCase))
                return Refuse(context, $"A server without API keys does not answer pages from '{origin}'. Allow an origin with Server:CorsAllowedOrigins, or set SANDCASTLE_API_KEYS.");
            // A preview's body is the previewed app's (its forms post what they post); its URL's token is the credential.
            if (HttpMethods.IsPost(context.Request.Method) && HasBody(context.Request) && !context.Request.HasJsonContentType()
                && !context.Request.Path.StartsWithSegments("/preview"))
                return ApiErrors.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                    "Send the body as JSON with 'Content-Type: application/json'.").ExecuteAsync(context);
        }
        var allowOrigin = AllowedOrigin(origin, configured, keyed: !keys.IsOpen, settings.CorsAllowedOrigins is null);
        if (allowOrigin is not null)
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.AccessControlAllowOrigin = allowOrigin;
                headers.AccessControlAllowMethods = string.Join(", ", Split(settings.CorsAllowedMethods));
                headers.AccessControlAllowHeaders = string.Join(", ", Split(settings.CorsAllowedHeaders));
                if (allowOrigin != "*")
                    headers.Vary = StringValues.Concat(headers.Vary, "Origin");
                return Task.CompletedTask;
            });
            if (HttpMethods.IsOptions(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return Task.CompletedTask;
            }
        }
        return next(context);
    }

    /// <summary>
    /// The Access-Control-Allow-Origin to send, or null for none. Unset origins mean <c>*</c> with keys and none
    /// without; "*" configured is <c>*</c>; a list echoes the request's origin when it is on it.
    /// </summary>
    private static string? AllowedOrigin(string origin, string[] configured, bool keyed, bool unset)
    {
        if (unset)
            return keyed ? "*" : null;
        if (configured.Contains("*"))
            return "*";
        return origin.Length > 0 && configured.Contains(origin, StringComparer.OrdinalIgnoreCase) ? origin : null;
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static bool IsLoopbackHost(string host)
    {
        host = host.TrimEnd('.');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    private static bool IsLoopbackOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && IsLoopbackHost(uri.Host);

    private static Task Refuse(HttpContext context, string message) =>
        ApiErrors.Create(StatusCodes.Status403Forbidden, "Forbidden", message).ExecuteAsync(context);

    private static string[] Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
