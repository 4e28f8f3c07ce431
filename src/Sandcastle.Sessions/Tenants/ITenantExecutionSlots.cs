namespace Sandcastle.Sessions.Tenants;

/// <summary>
/// A tenant's execution permits, shared by executions that last a request (the server takes those) and
/// background processes, which hold one for as long as they run: a tenant cannot step around its concurrency
/// limit by starting its work in the background.
/// </summary>
public interface ITenantExecutionSlots
{
    /// <summary>A permit, released by disposing it; null when the tenant holds all it may.</summary>
    IDisposable? TryAcquire(string tenant);
}

/// <summary>Without a server that limits tenants (the sessions library alone): every permit is granted.</summary>
internal sealed class UnlimitedExecutionSlots : ITenantExecutionSlots
{
    public IDisposable? TryAcquire(string tenant) => Permit.Instance;

    private sealed class Permit : IDisposable
    {
        public static readonly Permit Instance = new();

        public void Dispose()
        {
        }
    }
}
