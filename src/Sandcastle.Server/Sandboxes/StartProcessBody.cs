namespace Sandcastle.Server.Sandboxes;

public sealed record StartProcessBody(string? Command, string? ProcessId, Dictionary<string, string>? Env, string? Cwd);
