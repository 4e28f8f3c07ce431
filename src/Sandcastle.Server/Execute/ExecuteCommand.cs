using Sandcastle.Generation;
using Sandcastle.Sandbox.Network;

namespace Sandcastle.Server.Execute;

/// <summary>A validated POST /execute: what to run, where, and how to answer.</summary>
/// <param name="SandboxId">The persistent sandbox to use; null for a fresh one.</param>
public sealed record ExecuteCommand(ExecutionRequest Request, string? SandboxId, bool Stream)
{
    /// <summary>The caller's tenant (from its API key): a named sandbox is that tenant's own.</summary>
    public string TenantId { get; init; } = "default";

    /// <summary>Where this request's programs may connect instead of the sandbox's policy (already checked against the ceiling).</summary>
    public NetworkPolicy? Network { get; init; }
}
