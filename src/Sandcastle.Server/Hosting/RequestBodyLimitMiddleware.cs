using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Sandcastle.Server.Errors;

namespace Sandcastle.Server.Hosting;

/// <summary>
/// Caps request bodies at <see cref="ServerOptions.MaxRequestBodyBytes"/>, or at the endpoint's own
/// <see cref="IRequestSizeLimitMetadata"/> (e.g. file uploads). A declared length over the cap is refused at once;
/// a chunked body is cut by Kestrel when it passes the cap, which the exception handler turns into the same 413.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(IOptions<ServerOptions> options) : IMiddleware
{
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } declared
            ? declared.MaxRequestBodySize
            : options.Value.MaxRequestBodyBytes;
        if (limit is { } max && context.Request.ContentLength > max)
            return ApiErrors.PayloadTooLarge(max).ExecuteAsync(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
        return next(context);
    }
}
