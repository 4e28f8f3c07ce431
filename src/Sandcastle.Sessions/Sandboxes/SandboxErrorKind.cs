namespace Sandcastle.Sessions.Sandboxes;

/// <summary>What went wrong with a request to a sandbox; the HTTP layer maps each to a status code.</summary>
public enum SandboxErrorKind
{
    BadRequest,
    NotFound,
    Conflict,
    TooLarge,
    TooMany,

    /// <summary>The tenant runs as much at once as it may; retry when something ends (429).</summary>
    Busy,

    /// <summary>Stored data (a snapshot) that cannot be used as it is.</summary>
    Unprocessable,
    Unavailable,

    /// <summary>In a cluster: the sandbox is changing nodes (its node died or drains); the same call works in a moment (503, Retry-After).</summary>
    Moving,
}
