using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Sandcastle.Server.Tenancy;

/// <summary>One concurrency limiter per tenant: at most N executions at once, no queue (callers get 429 and retry).</summary>
public sealed class ExecutionLimiter(IOptions<TenancyOptions> options) : IAsyncDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(tenant =>
        RateLimitPartition.GetConcurrencyLimiter(tenant, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = options.Value.MaxConcurrentExecutions,
            QueueLimit = 0,
        }));

    public RateLimitLease TryAcquire(Tenant tenant) => _limiter.AttemptAcquire(tenant.Id);

    public ValueTask DisposeAsync() => _limiter.DisposeAsync();
}
