namespace Sandcastle.Server.Sandboxes;

/// <summary>
/// Body of <c>POST /v1/sandboxes/{id}/exec</c>; stdin is UTF-8 text; a session id runs the command in that shell
/// session; network replaces the sandbox's allow-list for this command only.
/// </summary>
public sealed record ExecBody(string? Command, Dictionary<string, string>? Env, string? Cwd, long? TimeoutMs, string? Stdin, string? SessionId, NetworkBody? Network = null);
