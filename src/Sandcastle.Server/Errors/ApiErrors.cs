using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Sandcastle.Server.Errors;

/// <summary>Results carrying an <see cref="ApiError"/>, for endpoints and middleware.</summary>
public static class ApiErrors
{
    public static JsonHttpResult<ApiError> Create(int statusCode, string error, string message) =>
        TypedResults.Json(new ApiError(error, message), statusCode: statusCode);

    public static JsonHttpResult<ApiError> BadRequest(string error, string message) =>
        Create(StatusCodes.Status400BadRequest, error, message);

    public static JsonHttpResult<ApiError> PayloadTooLarge(long limit) => Create(
        StatusCodes.Status413PayloadTooLarge,
        "Request body too large",
        $"The request body is larger than the {FormatBytes(limit)} this endpoint accepts (setting Server:MaxRequestBodyBytes).");

    private static string FormatBytes(long bytes) =>
        bytes % 1024 == 0 ? $"{bytes / 1024} KB" : $"{bytes} bytes";
}
