using Sandcastle.Generation;

namespace Sandcastle.Server.Execute;

/// <summary>A validated POST /execute: what to run, where, and how to answer.</summary>
/// <param name="SandboxId">The persistent sandbox to use; null for a fresh one.</param>
public sealed record ExecuteCommand(ExecutionRequest Request, string? SandboxId, bool Stream);
