using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Sandcastle.Client.Http;

/// <summary>
/// Sends requests to one server with the caller's key, and turns error answers into
/// <see cref="SandcastleApiException"/>. Streams are read as server-sent events; disposing or cancelling one closes
/// its connection, which the server takes as the signal to stop the work.
/// </summary>
internal sealed class SandcastleConnection(HttpClient http, Uri server, string? apiKey)
{
    public Uri Server { get; } = server;

    public async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, body, accept: null, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(SandcastleJson.Options, cancellationToken))!;
    }

    public async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, body, accept: null, cancellationToken);
    }

    /// <summary>Sends and checks the status; the caller disposes the response (its body may still be streaming).</summary>
    public async Task<HttpResponseMessage> SendRawAsync(
        HttpMethod method, string path, object? body, string? accept, CancellationToken cancellationToken, HttpContent? content = null, int? okStatus = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(Server, path.TrimStart('/')));
        if (!string.IsNullOrWhiteSpace(apiKey))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        if (accept is not null)
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        request.Content = content ?? (body is null ? null : JsonContent.Create(body, body.GetType(), options: SandcastleJson.Options));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.IsSuccessStatusCode || (int)response.StatusCode == okStatus)
            return response;
        using (response)
            throw ApiErrorReader.FromBody((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>The events of a streamed answer; an error answer before the stream throws before the first event.</summary>
    public async IAsyncEnumerable<SseEvent> StreamAsync(
        HttpMethod method, string path, object? body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, body, "text/event-stream", cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            using var document = JsonDocument.Parse(item.Data);
            var data = document.RootElement.Clone();
            var name = item.EventType != SseParser.EventTypeDefault ? item.EventType
                : data.ValueKind == JsonValueKind.Object && data.TryGetProperty("type", out var type) ? type.GetString() ?? "" : "";
            yield return new SseEvent(name, data);
        }
    }

    /// <summary>A sandbox API path with every segment escaped.</summary>
    public static string SandboxPath(string id, string? rest = null) => $"/v1/sandboxes/{Segment(id)}{rest}";

    /// <summary>A workspace path as URL segments ("a b/c" → "a%20b/c").</summary>
    public static string FilePath(string path) =>
        string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Segment));

    /// <summary>
    /// One escaped URL segment. Dot segments are refused: the URL would resolve them, escaped or not, and the
    /// request would reach another endpoint (a file "../../other" would be the sandbox "other").
    /// </summary>
    public static string Segment(string segment) => segment is "." or ".."
        ? throw new ArgumentException($"'{segment}' is not allowed as a name or path segment: paths are relative to /workspace and stay in it.", nameof(segment))
        : Uri.EscapeDataString(segment);
}
