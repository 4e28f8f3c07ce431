using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Network;
using Sandcastle.Server.Execute;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Sandboxes;

/// <summary>
/// /execute with a <c>sandboxId</c> runs in that durable sandbox of the caller's tenant (created on first use), through
/// its grain; without one it keeps the engine's throw-away sandbox.
/// </summary>
internal sealed class GrainSandboxRunnerProvider(SandboxDirectory sandboxes, SandboxEngine engine) : ISandboxRunnerProvider
{
    private readonly EngineSandboxRunnerProvider _ephemeral = new(engine);

    public async ValueTask<SandboxRunnerLease> AcquireAsync(string tenantId, string? sandboxId, NetworkPolicy? network, CancellationToken cancellationToken)
    {
        if (sandboxId is null)
            return await _ephemeral.AcquireAsync(tenantId, null, network, cancellationToken);
        SandboxIds.Validate(sandboxId);
        var grain = sandboxes.Get(new SandboxAddress(tenantId, sandboxId));
        await grain.CreateOrUpdateAsync(new SandboxSettings()).WaitAsync(cancellationToken);
        return new SandboxRunnerLease(sandboxId, new GrainCodeRunner(grain, network));
    }
}
