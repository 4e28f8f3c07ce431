using Sandcastle.Server.Execute;

namespace Sandcastle.Cli.Running;

/// <summary>The /execute answer, and the files the program made that were saved locally.</summary>
/// <param name="Response">The result in the /execute shape.</param>
/// <param name="SavedFiles">Paths of the saved copies.</param>
/// <param name="FilesNote">Why files could not be saved, if so.</param>
public sealed record RunOutcome(ExecuteResponse Response, IReadOnlyList<string> SavedFiles, string? FilesNote = null);
