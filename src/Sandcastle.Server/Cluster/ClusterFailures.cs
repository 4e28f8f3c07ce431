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

    public static bool IsIdempotent(string method) =>
        Microsoft.AspNetCore.Http.HttpMethods.IsGet(method) || Microsoft.AspNetCore.Http.HttpMethods.IsHead(method)
        || Microsoft.AspNetCore.Http.HttpMethods.IsPut(method) || Microsoft.AspNetCore.Http.HttpMethods.IsDelete(method);

    public const string Message = "A node of the cluster stopped or the sandbox is changing nodes; retry shortly.";
}
