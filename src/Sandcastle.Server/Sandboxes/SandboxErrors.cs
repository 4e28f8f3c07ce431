using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Sandboxes;

public static class SandboxErrors
{
    public static JsonHttpResult<SandboxError> Create(int statusCode, string code, string message) =>
        TypedResults.Json(new SandboxError(Phrase(statusCode), message, code), statusCode: statusCode);

    public static JsonHttpResult<SandboxError> From(SandboxRequestException exception) => exception.Kind switch
    {
        SandboxErrorKind.BadRequest => Create(StatusCodes.Status400BadRequest, "bad_request", exception.Message),
        SandboxErrorKind.NotFound => Create(StatusCodes.Status404NotFound, "not_found", exception.Message),
        SandboxErrorKind.Conflict => Create(StatusCodes.Status409Conflict, "conflict", exception.Message),
        SandboxErrorKind.TooLarge => Create(StatusCodes.Status413PayloadTooLarge, "too_large", exception.Message),
        SandboxErrorKind.Unprocessable => Create(StatusCodes.Status422UnprocessableEntity, "unprocessable", exception.Message),
        SandboxErrorKind.TooMany => Create(StatusCodes.Status429TooManyRequests, "too_many_sandboxes", exception.Message),
        SandboxErrorKind.Busy => Create(StatusCodes.Status429TooManyRequests, "too_many_requests", exception.Message),
        _ => Create(StatusCodes.Status503ServiceUnavailable, "unavailable", exception.Message),
    };

    public static JsonHttpResult<SandboxError> BadRequest(string message) => Create(StatusCodes.Status400BadRequest, "bad_request", message);

    private static string Phrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
