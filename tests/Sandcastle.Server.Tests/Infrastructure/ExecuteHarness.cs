using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Sandcastle.Testing;

namespace Sandcastle.Server.Tests.Infrastructure;

/// <summary>The server wired to a fake Anthropic server, with helpers to call POST /execute as JSON or as SSE.</summary>
public sealed class ExecuteHarness : IAsyncDisposable
{
    public const string ApiKey = "sk-ant-test-key-0123456789";

    private ExecuteHarness(FakeAnthropicServer model, RunningServer server)
    {
        Model = model;
        Server = server;
    }

    public FakeAnthropicServer Model { get; }

    public RunningServer Server { get; }

    public HttpClient Client => Server.Client;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static async Task<ExecuteHarness> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null, bool withKey = true)
    {
        var model = await FakeAnthropicServer.StartAsync(Cancellation);
        var all = new Dictionary<string, string?>
        {
            ["Generation:BaseUrl"] = model.BaseUrl,
            ["Generation:RetryBaseDelay"] = "00:00:00.010",
            ["Generation:RetryMaxDelay"] = "00:00:00.050",
        };
        if (withKey)
            all["Generation:ApiKey"] = ApiKey;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        var server = await RunningServer.StartAsync(all, configure);
        return new ExecuteHarness(model, server);
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(object body)
    {
        var response = await Client.PostAsync("/execute", Json(body), Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        using var document = JsonDocument.Parse(text);
        return (response, document.RootElement.Clone());
    }

    /// <summary>POSTs with <c>Accept: text/event-stream</c> and yields each event's JSON as it arrives.</summary>
    public async IAsyncEnumerable<JsonElement> StreamAsync(object body, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/execute") { Content = Json(body) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            using var document = JsonDocument.Parse(item.Data);
            yield return document.RootElement.Clone();
        }
    }

    public async Task<List<JsonElement>> StreamAllAsync(object body)
    {
        var events = new List<JsonElement>();
        await foreach (var item in StreamAsync(body, Cancellation))
            events.Add(item);
        return events;
    }

    public static StringContent Json(object body) =>
        new(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Model.DisposeAsync();
    }
}
