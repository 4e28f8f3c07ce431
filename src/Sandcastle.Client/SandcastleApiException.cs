namespace Sandcastle.Client;

/// <summary>
/// The server refused or failed a request. Carries its error body: <see cref="Error"/> (a short phrase),
/// <see cref="Exception.Message"/> (what to do) and, from the <c>/v1</c> API, a stable machine <see cref="Code"/>
/// such as <c>not_found</c>, <c>unauthorized</c> or <c>file_not_found</c>.
/// </summary>
public sealed class SandcastleApiException(int statusCode, string error, string message, string? code = null)
    : Exception(message)
{
    /// <summary>The HTTP status; a failure reported inside a stream carries the status it would have had, or 0.</summary>
    public int StatusCode { get; } = statusCode;

    public string Error { get; } = error;

    public string? Code { get; } = code;
}
