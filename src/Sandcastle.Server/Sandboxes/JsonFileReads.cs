using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Sandcastle.Server.Tenancy;

namespace Sandcastle.Server.Sandboxes;

/// <summary>
/// How many files one tenant may be reading as JSON at once: each such read holds the whole file (and its text
/// or base64 form) in the server's memory, so their number is what bounds that memory.
/// </summary>
internal sealed class JsonFileReads(IOptions<SandboxApiOptions> options) : IAsyncDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(tenant =>
        RateLimitPartition.GetConcurrencyLimiter(tenant, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = options.Value.MaxConcurrentJsonReads,
            QueueLimit = 0,
        }));

    /// <summary>A permit, released by disposing it; null when the tenant reads as many as it may.</summary>
    public IDisposable? TryAcquire(Tenant tenant)
    {
        var lease = _limiter.AttemptAcquire(tenant.Id);
        if (lease.IsAcquired)
            return lease;
        lease.Dispose();
        return null;
    }

    public ValueTask DisposeAsync() => _limiter.DisposeAsync();
}
