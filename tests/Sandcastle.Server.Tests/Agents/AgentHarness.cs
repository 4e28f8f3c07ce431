using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Sandcastle.Server.Tests.Infrastructure;

namespace Sandcastle.Server.Tests.Agents;

/// <summary>The real server with real sandboxes and the real Claude Code, its model API the scripted fake.</summary>
public sealed class AgentHarness : IAsyncLifetime
{
    private readonly bool _forkServer;

    public AgentHarness() : this(forkServer: true, 0)
    {
    }

    /// <summary>A harness of its own, forked or launched, for tests that must run in both modes.</summary>
    public static AgentHarness Create(bool forkServer) => new(forkServer, 0);

    private AgentHarness(bool forkServer, int _) => _forkServer = forkServer;

    public ExecuteHarness Execute { get; private set; } = null!;

    public HttpClient Client => Execute.Client;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        Execute = await ExecuteHarness.StartAsync(new Dictionary<string, string?> { ["Sandbox:ForkServer"] = _forkServer ? "true" : "false" });

    public async Task CreateSandboxAsync(string id)
    {
        using var response = await Client.PutAsync($"/v1/sandboxes/{id}", null, Cancellation);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Cancellation));
    }

    /// <summary>Runs an agent over SSE and yields each event's data (its "type" names it) as it arrives.</summary>
    public async IAsyncEnumerable<JsonElement> StreamAsync(string id, object body, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/sandboxes/{id}/agent") { Content = JsonContent.Create(body) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
            Assert.Fail($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            using var document = JsonDocument.Parse(item.Data);
            yield return document.RootElement.Clone();
        }
    }

    public async Task<List<JsonElement>> RunAsync(string id, object body)
    {
        var events = new List<JsonElement>();
        await foreach (var e in StreamAsync(id, body, Cancellation))
            events.Add(e);
        Assert.Equal("result", Type(events[^1]));
        return events;
    }

    public static string Type(JsonElement e) => e.GetProperty("type").GetString()!;

    public static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public async ValueTask DisposeAsync() => await Execute.DisposeAsync();
}
