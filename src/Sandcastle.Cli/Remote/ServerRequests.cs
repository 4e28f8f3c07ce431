using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Sandcastle.Cli.Running;

namespace Sandcastle.Cli.Remote;

/// <summary>
/// Requests of the CLI's that the client library (Sandcastle.Client) does not cover yet: agent runs, preview ports
/// and network policies. Answers are read as JSON trees so a server a version apart still shows what it has.
/// </summary>
public sealed class ServerRequests(HttpClient http, Uri server, string? apiKey)
{
    public const string ApiKeyVariable = "SANDCASTLE_API_KEY";

    public Uri Server { get; } = server;

    /// <summary>GET path: the JSON and the time it took; null JSON when the server does not offer the path (404/405).</summary>
    public async Task<(JsonNode? Json, int Status, TimeSpan Elapsed)> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server, path.TrimStart('/')));
        Authorize(request);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed && !path.StartsWith("/v1/sandboxes/", StringComparison.Ordinal))
                return (null, (int)response.StatusCode, clock.Elapsed);
            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.ServiceUnavailable)
                throw ServerErrors.FromBody((int)response.StatusCode, body);
            return (body.Length == 0 ? null : JsonNode.Parse(body), (int)response.StatusCode, clock.Elapsed);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw RemoteServer.Unreachable(Server, e);
        }
    }

    /// <summary>GET path as bytes with its content type; 404 becomes a failure naming the path.</summary>
    public async Task<(byte[] Body, string? ContentType)> GetBytesAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server, path.TrimStart('/')));
        Authorize(request);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw ServerErrors.FromBody((int)response.StatusCode, System.Text.Encoding.UTF8.GetString(body));
            return (body, response.Content.Headers.ContentType?.MediaType);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw RemoteServer.Unreachable(Server, e);
        }
    }

    /// <summary>PUT a JSON body; failures the server reports become <see cref="CliFailureException"/>s.</summary>
    public async Task PutJsonAsync(string path, JsonNode body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(Server, path.TrimStart('/')))
        {
            Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        await SendExpectingSuccessAsync(request, cancellationToken);
    }

    /// <summary>PUT a raw body (a file upload); failures become <see cref="CliFailureException"/>s.</summary>
    public async Task PutStreamAsync(string path, Stream body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(Server, path.TrimStart('/'))) { Content = new StreamContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        await SendExpectingSuccessAsync(request, cancellationToken);
    }

    /// <summary>POST a JSON body and read the JSON answer; failures the server reports become <see cref="CliFailureException"/>s.</summary>
    public async Task<JsonNode?> PostJsonAsync(string path, JsonNode body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server, path.TrimStart('/')))
        {
            Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        var answer = await SendExpectingSuccessAsync(request, cancellationToken);
        return answer.Length == 0 ? null : JsonNode.Parse(answer);
    }

    /// <summary>Adds the caller's API key, for requests made elsewhere (e.g. the /execute stream).</summary>
    public void Authorize(HttpRequestMessage request)
    {
        if (!string.IsNullOrWhiteSpace(apiKey))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(Server, path.TrimStart('/')));
        await SendExpectingSuccessAsync(request, cancellationToken);
    }

    /// <summary>Sends a JSON body (or none) and returns the JSON answer; failures become <see cref="CliFailureException"/>s.</summary>
    public async Task<JsonNode?> SendJsonAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(Server, path.TrimStart('/')))
        {
            Content = body is null ? null : new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        var answer = await SendExpectingSuccessAsync(request, cancellationToken);
        return answer.Length == 0 ? null : JsonNode.Parse(answer);
    }

    /// <summary>Sends with the caller's key; a failure the server reports, or no server, becomes a <see cref="CliFailureException"/>.</summary>
    private async Task<string> SendExpectingSuccessAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Authorize(request);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw ServerErrors.FromBody((int)response.StatusCode, body);
            return body;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw RemoteServer.Unreachable(Server, e);
        }
    }
}
