using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Sandcastle.Server.Errors;

namespace Sandcastle.Server.Hosting;

/// <summary>
/// Refuses, with a 400 or 415 that says why, two request shapes the endpoints would misread:
/// <list type="bullet">
/// <item>a path with a <c>.</c> or <c>..</c> segment, even percent-encoded: Kestrel resolves them before routing, so
/// <c>DELETE /v1/sandboxes/x/files/%2e%2e</c> would have deleted the sandbox <c>x</c> itself;</item>
/// <item>a JSON body in a charset other than UTF-8, which the JSON binding cannot read (it failed with a 500); the
/// spellings of UTF-8 it does not know (<c>utf8</c>, quoted) are read as UTF-8.</item>
/// </list>
/// A preview's path is the previewed app's business and passes as the browser sent it.
/// </summary>
internal sealed class RequestShapeMiddleware : IMiddleware
{
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/preview") && HasDotSegment(context.Features.Get<IHttpRequestFeature>()?.RawTarget))
            return ApiErrors.Create(StatusCodes.Status400BadRequest, "Bad request",
                "A path segment '.' or '..' (even percent-encoded) is refused: name the file or resource without it.").ExecuteAsync(context);
        if (request.HasJsonContentType() && MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.Charset.HasValue)
        {
            var charset = type.Charset.Value!.Trim('"').Trim();
            if (!charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
                return ApiErrors.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                    $"Send JSON as UTF-8 ('charset=utf-8', or no charset), not '{charset}'.").ExecuteAsync(context);
            type.Charset = null;
            request.ContentType = type.ToString();
        }
        return next(context);
    }

    private static bool HasDotSegment(string? rawTarget)
    {
        if (string.IsNullOrEmpty(rawTarget) || rawTarget[0] != '/')
            return false;
        var end = rawTarget.IndexOfAny(['?', '#']);
        var path = end < 0 ? rawTarget : rawTarget[..end];
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length is 0 or > 6)
                continue;
            var decoded = Uri.UnescapeDataString(segment);
            if (decoded is "." or "..")
                return true;
        }
        return false;
    }
}
