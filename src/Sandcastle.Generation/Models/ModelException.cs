namespace Sandcastle.Generation.Models;

/// <summary>A model call failed. The message is safe to show: it never contains the API key.</summary>
public sealed class ModelException(ModelErrorKind kind, int? statusCode, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public ModelErrorKind Kind { get; } = kind;

    /// <summary>The HTTP status the provider answered with; null when none (network failure, mid-stream error).</summary>
    public int? StatusCode { get; } = statusCode;

    /// <summary>Whether trying again later may succeed.</summary>
    public bool IsTransient => Kind is ModelErrorKind.RateLimited or ModelErrorKind.Overloaded or ModelErrorKind.Unavailable;
}
