using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Network;

namespace Sandcastle.Server.Execute;

/// <summary>
/// Chooses where one request's programs run. The default runs them on this node's <c>SandboxEngine</c>; another
/// implementation (e.g. one that routes named sandboxes through Orleans grains) can replace it without touching
/// the endpoint.
/// </summary>
public interface ISandboxRunnerProvider
{
    /// <summary>
    /// A runner for the named persistent sandbox (created on first use), or for a fresh sandbox when
    /// <paramref name="sandboxId"/> is null. Disposing the lease releases it (a fresh sandbox is destroyed).
    /// </summary>
    /// <param name="tenantId">The caller's tenant; named sandboxes belong to one tenant.</param>
    /// <param name="sandboxId">The persistent sandbox, or null for a fresh one.</param>
    /// <param name="network">This request's network policy instead of the sandbox's; null keeps the sandbox's.</param>
    /// <param name="cancellationToken">Stops waiting for the sandbox.</param>
    ValueTask<SandboxRunnerLease> AcquireAsync(string tenantId, string? sandboxId, NetworkPolicy? network, CancellationToken cancellationToken);
}
