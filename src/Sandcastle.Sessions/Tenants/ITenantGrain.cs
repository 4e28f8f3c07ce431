using Orleans.Concurrency;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Sessions.Tenants;

/// <summary>One per tenant: the index of its sandboxes (for listing) and the keeper of its sandbox quota.</summary>
[Alias("Sandcastle.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Adds or refreshes a sandbox; refuses a new one past <paramref name="maxSandboxes"/> (TooMany).</summary>
    [Alias("Register")]
    Task RegisterAsync(SandboxMetadata metadata, int maxSandboxes);

    [Alias("Unregister")]
    Task UnregisterAsync(string id);

    /// <summary>Records a sandbox's last use for listings; kept in memory and saved when the tenant deactivates.</summary>
    [Alias("Touch"), OneWay]
    Task TouchAsync(string id, DateTimeOffset lastUsedAt);

    [Alias("List")]
    Task<List<SandboxMetadata>> ListAsync();
}
