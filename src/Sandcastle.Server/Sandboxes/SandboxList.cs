namespace Sandcastle.Server.Sandboxes;

public sealed record SandboxList(IReadOnlyList<SandboxResponse> Sandboxes);
