using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Cluster;

/// <summary>
/// Failures that mean "a node just died or a sandbox is changing nodes": the same request succeeds once membership
/// has settled (seconds), so the server retries idempotent requests itself and answers others 503 with Retry-After.
/// </summary>
public static class ClusterFailures
{
    /// <summary>How long an idempotent request is retried before the 503 goes out: a killed node is declared dead within it.</summary>
    public static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(15);

    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SiloUnavailableException or OrleansMessageRejectionException or StackExchange.Redis.RedisConnectionException
                or SandboxRequestException { Kind: SandboxErrorKind.Moving })
                return true;
            // Orleans' own "response did not arrive on time" (a call to a silo that died mid-call).
            if (e is TimeoutException && e.Source?.StartsWith("Orleans", StringComparison.Ordinal) == true)
                return true;
        }
        return false;
    }

    /// <summary>
    /// Whether the server may send the request again: an idempotent one always; any other only when the failure came
    /// before the sandbox ran anything: Orleans rejected the message undelivered (the target silo refused
    /// connections: it just died), or a copy that lost the ownership claim refused it while activating.
    /// </summary>
    public static bool MayRetry(Exception exception, string method) => IsIdempotent(method) || NeverRan(exception);

    /// <summary>Retries <paramref name="call"/> while it fails transiently (within the budget): for calls without side effects.</summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + RetryBudget;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (IsTransient(e) && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(Backoff(attempt), cancellationToken);
            }
        }
    }

    public static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(1000, 100 * (attempt + 1)));

    private static bool NeverRan(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // The exact type: SiloUnavailableException derives from it and means "sent, but the silo died meanwhile".
            if (e.GetType() == typeof(OrleansMessageRejectionException) || e is SandboxRequestException { Kind: SandboxErrorKind.Moving })
                return true;
        }
        return false;
    }

    public static bool IsIdempotent(string method) =>
        Microsoft.AspNetCore.Http.HttpMethods.IsGet(method) || Microsoft.AspNetCore.Http.HttpMethods.IsHead(method)
        || Microsoft.AspNetCore.Http.HttpMethods.IsPut(method) || Microsoft.AspNetCore.Http.HttpMethods.IsDelete(method);

    public const string Message = "A node of the cluster stopped or the sandbox is changing nodes; retry shortly.";
}
