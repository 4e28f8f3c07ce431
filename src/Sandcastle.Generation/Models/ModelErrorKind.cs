namespace Sandcastle.Generation.Models;

/// <summary>What went wrong calling a model; decides retrying and how callers report it.</summary>
public enum ModelErrorKind
{
    /// <summary>The API key was rejected (401).</summary>
    Unauthorized,

    /// <summary>Too many requests (429).</summary>
    RateLimited,

    /// <summary>The provider is overloaded (Anthropic's 529).</summary>
    Overloaded,

    /// <summary>A server error (5xx), a network failure or a timeout.</summary>
    Unavailable,

    /// <summary>The provider refused the request itself (400, 403, 404, 413, 422), e.g. an unknown model id.</summary>
    InvalidRequest,

    /// <summary>Anything else.</summary>
    Other,
}
