namespace Sandcastle.Server.Sandboxes;

/// <summary>A file upload as JSON (sent with Content-Type application/json); encoding: "utf-8" (default) or "base64".</summary>
public sealed record FileWriteBody(string? Content, string? Encoding);
