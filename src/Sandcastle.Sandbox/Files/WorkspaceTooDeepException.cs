namespace Sandcastle.Sandbox.Files;

/// <summary>A workspace tree nested deeper than <see cref="WorkspaceWalker.MaxDepth"/>: walking it whole is refused.</summary>
public sealed class WorkspaceTooDeepException(WorkspacePath at)
    : IOException($"'{at}' is nested more than {WorkspaceWalker.MaxDepth} directories deep.");
