using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sandcastle.Cli.Remote;
using Sandcastle.Cli.Running;

namespace Sandcastle.Cli.Agents;

/// <summary>Talks to a server's agent API: makes sure the sandbox exists, then follows the run's events.</summary>
public sealed class AgentStream(HttpClient http, ServerRequests client)
{
    /// <summary>Creates the sandbox unless it exists (an existing one keeps its settings and files).</summary>
    public async Task EnsureSandboxAsync(string id, CancellationToken cancellationToken)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(client.Server, $"v1/sandboxes/{id}"));
        client.Authorize(get);
        using var response = await SendAsync(get, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            await client.PutJsonAsync($"/v1/sandboxes/{id}", new JsonObject(), cancellationToken);
        else if (!response.IsSuccessStatusCode)
            throw ServerErrors.FromBody((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public async IAsyncEnumerable<JsonNode> RunAsync(string id, AgentRequest body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(client.Server, $"v1/sandboxes/{id}/agent"))
        {
            Content = new StringContent(JsonSerializer.Serialize(body, RunJson.Options), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        client.Authorize(request);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
            throw ServerErrors.FromBody((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            if (JsonNode.Parse(item.Data) is { } node)
                yield return node;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, completion, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw RemoteServer.Unreachable(client.Server, e);
        }
    }
}
