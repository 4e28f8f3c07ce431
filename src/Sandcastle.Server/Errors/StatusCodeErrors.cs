using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Sandcastle.Server.Errors;

/// <summary>Gives bodiless error statuses (unknown path, wrong method, ...) the <see cref="ApiError"/> shape.</summary>
internal static class StatusCodeErrors
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var where = $"{http.Request.Method} {http.Request.Path}";
        var result = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ApiErrors.Create(404, "Not found", $"There is no endpoint at {where}. GET / lists the endpoints."),
            StatusCodes.Status405MethodNotAllowed => ApiErrors.Create(405, "Method not allowed",
                $"{http.Request.Path} does not accept {http.Request.Method}. GET / lists the endpoints."),
            StatusCodes.Status415UnsupportedMediaType => ApiErrors.Create(415, "Unsupported media type", "Send the body as application/json."),
            var status => ApiErrors.Create(status, ReasonPhrase(status), $"{where} failed with HTTP {status}."),
        };
        return result.ExecuteAsync(http);
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
