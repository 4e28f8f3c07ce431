using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sandcastle.Testing;

/// <summary>
/// A real HTTP server on 127.0.0.1 speaking Anthropic's Messages API (<c>POST /v1/messages</c>, JSON or SSE),
/// answering from a queue of scripted <see cref="FakeReply"/>s and recording what it received.
/// Accepts any credentials and API version: the SDK's headers change between releases.
/// </summary>
public sealed class FakeAnthropicServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<FakeReply> _replies = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;
    private int _disconnects;
    private int _completedStreams;

    private FakeAnthropicServer()
    {
    }

    /// <summary>Root URL (http://127.0.0.1:port), to use as the SDK's BaseUrl.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Answer when the queue is empty; null answers 500 "no scripted reply".</summary>
    public FakeReply? DefaultReply { get; set; }

    /// <summary>Requests received so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public int PendingReplies => _replies.Count;

    /// <summary>Answers chosen from the request itself (null falls back to the queue): for clients that send side requests.</summary>
    public Func<RecordedRequest, FakeReply?>? Responder { get; set; }

    /// <summary>How many clients went away before their stream ended.</summary>
    public int Disconnects => Volatile.Read(ref _disconnects);

    /// <summary>How many SSE replies were written to the end.</summary>
    public int CompletedStreams => Volatile.Read(ref _completedStreams);

    /// <summary>Completes when a client first disconnects mid-stream.</summary>
    public Task ClientDisconnected => _disconnected.Task;

    public static async Task<FakeAnthropicServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new FakeAnthropicServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/v1/messages", server.HandleAsync);
        await app.StartAsync(cancellationToken);
        server._app = app;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        server.BaseUrl = addresses.Addresses.First().TrimEnd('/');
        return server;
    }

    public FakeAnthropicServer Enqueue(params FakeReply[] replies)
    {
        foreach (var reply in replies)
            _replies.Enqueue(reply);
        return this;
    }

    public FakeAnthropicServer EnqueueText(string text, int chunks = 3) => Enqueue(FakeReply.WithText(text, chunks));

    /// <summary>Drops the scripted replies nobody asked for: a test that failed early must not leave them to the next.</summary>
    public void ClearReplies() => _replies.Clear();

    public FakeAnthropicServer EnqueueError(int status, string? type = null, string message = "scripted error") =>
        Enqueue(FakeReply.Error(status, type, message));

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(aborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var request = MessagesRequestParser.Parse(body, headers);
        _requests.Enqueue(request);

        var reply = Responder?.Invoke(request) ?? (_replies.TryDequeue(out var next) ? next : DefaultReply ?? FakeReply.Error(500, "api_error", "no scripted reply"));
        var id = $"msg_fake_{Guid.NewGuid():N}";
        var model = reply.Model ?? request.Model;
        if (reply.ErrorStatus is { } status)
        {
            context.Response.StatusCode = status;
            context.Response.Headers["request-id"] = $"req_fake_{Guid.NewGuid():N}";
            await WriteJsonAsync(context, MessagesResponses.Error(reply.ErrorType ?? MessagesResponses.ErrorType(status), reply.ErrorMessage), aborted);
        }
        else if (!request.Stream)
        {
            await WriteJsonAsync(context, MessagesResponses.Message(id, model, reply.Text, reply.StopReason, reply.InputTokens, reply.OutputTokens), aborted);
        }
        else
        {
            try
            {
                await StreamAsync(context, reply, id, model, aborted);
                Interlocked.Increment(ref _completedStreams);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException || aborted.IsCancellationRequested)
            {
                Interlocked.Increment(ref _disconnects);
                _disconnected.TrySetResult();
            }
        }
    }

    private static async Task StreamAsync(HttpContext context, FakeReply reply, string id, string model, CancellationToken aborted)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await WriteEventAsync(context, MessagesResponses.MessageStart(id, model, reply.InputTokens), aborted);
        await WriteEventAsync(context, MessagesResponses.ContentBlockStart(), aborted);
        await WriteEventAsync(context, MessagesResponses.Ping(), aborted);
        foreach (var piece in MessagesResponses.Split(reply.Text, reply.Chunks))
        {
            if (reply.DelayPerChunk > TimeSpan.Zero)
                await Task.Delay(reply.DelayPerChunk, aborted);
            await WriteEventAsync(context, MessagesResponses.TextDelta(piece), aborted);
        }
        await WriteEventAsync(context, MessagesResponses.ContentBlockStop(), aborted);
        var index = 1;
        foreach (var tool in reply.ToolUses)
        {
            await WriteEventAsync(context, MessagesResponses.ToolUseStart(index, tool), aborted);
            await WriteEventAsync(context, MessagesResponses.InputJsonDelta(index, tool.InputJson), aborted);
            await WriteEventAsync(context, MessagesResponses.ContentBlockStop(index), aborted);
            index++;
        }
        await WriteEventAsync(context, MessagesResponses.MessageDelta(reply.StopReason, reply.OutputTokens), aborted);
        await WriteEventAsync(context, MessagesResponses.MessageStop(), aborted);
    }

    private static async Task WriteEventAsync(HttpContext context, JsonObject data, CancellationToken aborted)
    {
        var frame = $"event: {data["type"]}\ndata: {data.ToJsonString()}\n\n";
        await context.Response.WriteAsync(frame, aborted);
        await context.Response.Body.FlushAsync(aborted);
    }

    private static async Task WriteJsonAsync(HttpContext context, JsonObject body, CancellationToken aborted)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), aborted);
    }
}
