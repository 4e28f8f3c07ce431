using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sandcastle.Server.Tenancy;
using Sandcastle.Sessions.Sandboxes;
using Sandcastle.Sessions.Tenants;

namespace Sandcastle.Server.Mcp;

/// <summary>
/// The tenant an MCP tool acts for. Over HTTP it is the request's (the /mcp guard has checked the key); over stdio
/// there is no request and the caller owns the machine: the default tenant, as a key-less local server has.
/// </summary>
internal sealed class McpCaller(IServiceProvider services, SandboxDirectory sandboxes, ITenantExecutionSlots slots)
{
    public string TenantId => services.GetService<IHttpContextAccessor>()?.HttpContext is { } http
        ? Tenant.From(http).Id
        : SandboxAddress.DefaultTenant;

    /// <summary>Throws <see cref="SandboxRequestException"/> for an id the engine would refuse.</summary>
    public SandboxAddress Address(string sandboxId) => SandboxAddress.Create(TenantId, sandboxId);

    public ISandboxGrain Sandbox(string sandboxId) => sandboxes.Get(Address(sandboxId));

    public Task<List<SandboxMetadata>> ListAsync() => sandboxes.ListAsync(TenantId);

    /// <summary>
    /// One of the tenant's execution permits, held for a run as an HTTP exec holds one: MCP is another door to the
    /// same sandboxes, not a way around Tenancy:MaxConcurrentExecutions. Past the limit the tool answers an error
    /// saying to retry (HTTP answers 429); dispose the permit when the run ends.
    /// </summary>
    public IDisposable TakeExecutionPermit() => slots.TryAcquire(TenantId) ?? throw new SandboxRequestException(SandboxErrorKind.Busy,
        "This tenant already runs as many executions as it may at once (Tenancy:MaxConcurrentExecutions); retry when one ends.");

    /// <summary>
    /// The named sandbox (created if new, its settings kept if not), or a fresh one removed when the lease ends: a
    /// run without a sandbox leaves nothing behind.
    /// </summary>
    public async Task<SandboxLease> LeaseAsync(string? sandboxId)
    {
        if (sandboxId is not null)
        {
            var named = Sandbox(sandboxId);
            try
            {
                await named.GetAsync();
            }
            catch (SandboxRequestException e) when (e.Kind == SandboxErrorKind.NotFound)
            {
                await named.CreateOrUpdateAsync(new SandboxSettings());
            }
            return new SandboxLease(named, sandboxId, Owned: false);
        }
        var id = $"mcp-{Guid.NewGuid():N}"[..20];
        var fresh = Sandbox(id);
        await fresh.CreateOrUpdateAsync(new SandboxSettings());
        return new SandboxLease(fresh, id, Owned: true);
    }
}

/// <summary>A sandbox a tool runs in; disposing removes it when the tool made it for this one call.</summary>
internal sealed record SandboxLease(ISandboxGrain Grain, string Id, bool Owned) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        if (Owned)
            await Grain.DestroyAsync();
    }
}
