using System.Net;
using Sandcastle.Sandbox.Network;

namespace Sandcastle.Testing;

/// <summary>
/// The egress proxy's resolver in tests: names under <c>.test</c> map to the host's loopback; any other name does
/// not resolve and is never looked up, so no test reaches a public address.
/// </summary>
public sealed class LoopbackTestResolver : IEgressResolver
{
    public Task<IPAddress[]> ResolveAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(name.EndsWith(".test", StringComparison.Ordinal) ? new[] { IPAddress.Loopback } : []);
}
