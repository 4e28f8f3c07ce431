namespace Sandcastle.Server.Sandboxes;

/// <summary>A file read as JSON: text as UTF-8, anything else base64 (<see cref="Encoding"/> says which).</summary>
public sealed record FileContentResponse(string Path, string Content, string Encoding, bool IsBinary, string MimeType, long Size);
