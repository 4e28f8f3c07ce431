namespace Sandcastle.Server.Sandboxes;

public sealed record ExistsResponse(bool Exists, string? Type);
