using Sandcastle.Sessions.Tenants;

namespace Sandcastle.Sessions.Sandboxes;

/// <summary>The entry point for callers outside the silo: finds a tenant's sandbox grain, lists a tenant's sandboxes.</summary>
public sealed class SandboxDirectory(IGrainFactory grains)
{
    public ISandboxGrain Get(SandboxAddress address) => grains.GetGrain<ISandboxGrain>(address.GrainKey);

    public Task<List<SandboxMetadata>> ListAsync(string tenant) => grains.GetGrain<ITenantGrain>(tenant).ListAsync();
}
