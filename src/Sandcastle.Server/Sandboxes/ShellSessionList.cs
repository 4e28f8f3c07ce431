using Sandcastle.Sessions.Shells;

namespace Sandcastle.Server.Sandboxes;

public sealed record ShellSessionList(IReadOnlyList<ShellSessionView> Sessions);
