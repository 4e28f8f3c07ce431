namespace Sandcastle.Server.Errors;

/// <summary>
/// The one error shape of every endpoint: <c>{"error": "...", "message": "..."}</c>. <see cref="Error"/> is short
/// and stable (the seed's clients match on it, e.g. "Question is required"); <see cref="Message"/> says what to do.
/// </summary>
public sealed record ApiError(string Error, string Message);
