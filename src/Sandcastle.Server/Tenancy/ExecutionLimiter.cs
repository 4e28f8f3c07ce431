using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Sandcastle.Sessions.Tenants;

namespace Sandcastle.Server.Tenancy;

/// <summary>
/// One concurrency limiter per tenant: at most N executions at once, no queue (callers get 429 and retry).
/// Background processes take their permits here too, for as long as they run.
/// </summary>
public sealed class ExecutionLimiter(IOptions<TenancyOptions> options) : ITenantExecutionSlots, IAsyncDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(tenant =>
        RateLimitPartition.GetConcurrencyLimiter(tenant, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = options.Value.MaxConcurrentExecutions,
            QueueLimit = 0,
        }));

    public RateLimitLease TryAcquire(Tenant tenant) => _limiter.AttemptAcquire(tenant.Id);

    IDisposable? ITenantExecutionSlots.TryAcquire(string tenant)
    {
        var lease = _limiter.AttemptAcquire(tenant);
        if (lease.IsAcquired)
            return lease;
        lease.Dispose();
        return null;
    }

    public ValueTask DisposeAsync() => _limiter.DisposeAsync();
}
