namespace Sandcastle.Server.Sandboxes;

/// <summary>The sandbox API's error body: the server's <c>{error, message}</c> plus a stable machine <c>code</c>.</summary>
public sealed record SandboxError(string Error, string Message, string Code);
