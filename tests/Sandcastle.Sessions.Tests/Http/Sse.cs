using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Sandcastle.Sessions.Tests.Http;

/// <summary>Reads a server-sent event stream as (event name, JSON data) pairs, as a client would.</summary>
public static class Sse
{
    public static async IAsyncEnumerable<(string Event, JsonElement Data)> ReadAsync(HttpResponseMessage response)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(ct))
            yield return (item.EventType, JsonDocument.Parse(item.Data).RootElement.Clone());
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (body is not null)
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        return request;
    }
}
