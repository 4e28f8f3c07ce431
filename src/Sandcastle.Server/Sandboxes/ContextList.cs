using Sandcastle.Sessions.Contexts;

namespace Sandcastle.Server.Sandboxes;

public sealed record ContextList(IReadOnlyList<ContextView> Contexts);
