using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;

namespace Sandcastle.Benchmarks.Server;

/// <summary>Calls POST /execute as SSE and times it to the "complete" event.</summary>
internal sealed class ExecuteClient(HttpClient client)
{
    private const string Body = """{"question": "What is 2^10?"}""";

    public async Task<Sample> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/execute") { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var seen = new List<string>();
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            seen.Add(item.Data);
            using var json = JsonDocument.Parse(item.Data);
            var root = json.RootElement;
            if (root.GetProperty("type").GetString() is not "complete")
                continue;
            var total = clock.Elapsed.TotalMilliseconds;
            if (!root.GetProperty("success").GetBoolean())
                throw new InvalidOperationException($"The run failed: {root}");
            return new Sample(total, root.GetProperty("executionMs").GetInt64());
        }
        throw new InvalidOperationException($"The stream ended without a complete event: {string.Join(" | ", seen.TakeLast(3))}");
    }
}
