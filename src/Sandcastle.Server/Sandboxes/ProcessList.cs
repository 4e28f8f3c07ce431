using Sandcastle.Sessions.Processes;

namespace Sandcastle.Server.Sandboxes;

public sealed record ProcessList(IReadOnlyList<ProcessSnapshot> Processes);
