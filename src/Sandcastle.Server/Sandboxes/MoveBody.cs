namespace Sandcastle.Server.Sandboxes;

public sealed record MoveBody(string? From, string? To, bool Overwrite = false);
