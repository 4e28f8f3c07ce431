using Sandcastle.Generation;
using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Network;

namespace Sandcastle.Server.Execute;

/// <summary>
/// Runs programs on this process's <see cref="SandboxEngine"/>: a fresh sandbox per request, or a named persistent one.
/// Single-tenant: the server replaces it with the grain-based provider, which keeps tenants apart.
/// </summary>
public sealed class EngineSandboxRunnerProvider(SandboxEngine engine) : ISandboxRunnerProvider
{
    public ValueTask<SandboxRunnerLease> AcquireAsync(string tenantId, string? sandboxId, NetworkPolicy? network, CancellationToken cancellationToken)
    {
        if (sandboxId is null)
        {
            var fresh = engine.CreateEphemeral();
            fresh.Network = network ?? engine.NetworkOptions.DefaultPolicy;
            fresh.Tenant = tenantId;
            return ValueTask.FromResult(new SandboxRunnerLease(fresh.Id, new SandboxCodeRunner(fresh), fresh.DisposeAsync));
        }
        var named = engine.GetOrCreate(sandboxId);
        named.Tenant = tenantId;
        // Single-tenant and in-process: the policy stays with the sandbox for its later requests too.
        if (network is not null)
            named.Network = network;
        return ValueTask.FromResult(new SandboxRunnerLease(named.Id, new SandboxCodeRunner(named)));
    }
}
