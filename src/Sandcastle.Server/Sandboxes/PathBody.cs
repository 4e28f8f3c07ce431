namespace Sandcastle.Server.Sandboxes;

public sealed record PathBody(string? Path);
