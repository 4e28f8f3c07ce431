using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Sandcastle.Server.Observability;

namespace Sandcastle.Server.Cluster;

/// <summary>
/// Asks every other live node for its part of a caller's <c>/v1/stats</c>: the usage of the sandboxes awake there,
/// the executions it runs and ran, its egress and agent runs. Each is asked as the caller (the same key) and marked
/// as asked by a node, so it answers its own part and asks no one further. A node that does not answer within
/// <see cref="PeerTimeout"/> is named instead, never waited for.
/// </summary>
internal sealed class ClusterStatsPeers(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IDisposable
{
    public static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(3);

    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectTimeout = PeerTimeout,
    }) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>
    /// The parts of the nodes that answered for <paramref name="tenant"/>, and the names of those that did not (a part
    /// for another tenant, as a keyless node would give, counts as no answer).
    /// </summary>
    public async Task<(IReadOnlyList<StatsResponse> Parts, IReadOnlyList<string> Unanswered)> ReadAsync(
        HttpContext http, string tenant, ClusterView cluster, CancellationToken cancellationToken)
    {
        var peers = cluster.Nodes.Where(n => n.Name != cluster.Node).ToList();
        var answers = await Task.WhenAll(peers.Select(peer => ReadPartAsync(http, cluster.Node, peer, cancellationToken)));
        var parts = answers.Select(a => a?.Tenant == tenant ? a : null).ToList();
        return ([.. parts.OfType<StatsResponse>()], [.. peers.Where((_, i) => parts[i] is null).Select(p => p.Name)]);
    }

    private async Task<StatsResponse?> ReadPartAsync(HttpContext http, string localNode, ClusterNodeView peer, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(peer.HttpAddress.TrimEnd('/') + "/v1/stats", UriKind.Absolute, out var address)
            || address.Scheme is not ("http" or "https"))
            return null; // It advertised no usable HTTP address.
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        request.Headers.TryAddWithoutValidation(NodeForwarder.ForwardedHeader, localNode);
        if (http.Request.Headers.Authorization is { Count: > 0 } authorization)
            request.Headers.TryAddWithoutValidation("Authorization", authorization.ToString());
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PeerTimeout);
        try
        {
            using var response = await _client.SendAsync(request, timeout.Token);
            return response.IsSuccessStatusCode
                ? await response.Content.ReadFromJsonAsync<StatsResponse>(json.Value.SerializerOptions, timeout.Token)
                : null;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return null; // Down, stopping, slow, refusing this caller or answering nonsense: its part is missing and named.
        }
    }

    public void Dispose() => _client.Dispose();
}
