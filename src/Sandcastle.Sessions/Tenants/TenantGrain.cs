using Sandcastle.Sessions.Hosting;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Sessions.Tenants;

public sealed class TenantGrain(
    [PersistentState("tenant", SessionsHostingExtensions.StorageName)] IPersistentState<TenantState> state) : Grain, ITenantGrain
{
    public async Task RegisterAsync(SandboxMetadata metadata, int maxSandboxes)
    {
        var sandboxes = state.State.Sandboxes;
        if (!sandboxes.ContainsKey(metadata.Id) && sandboxes.Count >= maxSandboxes)
            throw new SandboxRequestException(SandboxErrorKind.TooMany, $"This tenant already has {sandboxes.Count} sandboxes, its limit; delete one first.");
        // Only what listing shows is indexed: environment values stay in the sandbox's own state.
        sandboxes[metadata.Id] = metadata with { Environment = [] };
        await state.WriteStateAsync();
    }

    private bool _touched;

    public Task TouchAsync(string id, DateTimeOffset lastUsedAt)
    {
        if (state.State.Sandboxes.TryGetValue(id, out var metadata) && lastUsedAt > metadata.LastUsedAt)
        {
            state.State.Sandboxes[id] = metadata with { LastUsedAt = lastUsedAt };
            _touched = true;
        }
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_touched)
            await state.WriteStateAsync(cancellationToken);
    }

    public async Task UnregisterAsync(string id)
    {
        if (state.State.Sandboxes.Remove(id))
            await state.WriteStateAsync();
    }

    public Task<List<SandboxMetadata>> ListAsync() =>
        Task.FromResult(state.State.Sandboxes.Values.OrderBy(m => m.Id, StringComparer.Ordinal).ToList());
}
