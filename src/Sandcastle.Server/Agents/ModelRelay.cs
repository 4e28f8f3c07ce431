using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Sandcastle.Generation;
using Sandcastle.Generation.Models;

namespace Sandcastle.Server.Agents;

/// <summary>
/// The model relay: Claude Code inside a sandbox sends its Messages API requests here (through the sandbox's network
/// door) with its run's token. The relay checks the token, enforces the run's limits, swaps the token for the real key
/// and forwards to the API the server uses, streaming the answer back and counting the tokens it reports. An unknown
/// token is refused before anything is forwarded: it costs nothing.
/// </summary>
public sealed class ModelRelay(AgentRuns runs, IOptions<GenerationOptions> generation) : IDisposable
{
    public const string PathPrefix = "/model-relay";
    private const long MaxRequestBytes = 32 * 1024 * 1024;

    /// <summary>Headers the relay sets itself or that belong to one hop only.</summary>
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "x-api-key", "Authorization", "Content-Length", "Content-Type", "Connection", "Keep-Alive", "Transfer-Encoding",
        "Proxy-Connection", "Proxy-Authorization", "TE", "Trailer", "Upgrade",
    };

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task HandleAsync(HttpContext http, string? path)
    {
        var run = runs.Find(TokenOf(http.Request));
        if (run is null)
        {
            await RefuseAsync(http, StatusCodes.Status401Unauthorized, "authentication_error",
                "This relay serves Sandcastle agent runs only: the token is unknown or its run has ended.");
            return;
        }
        path ??= "";
        if (!HttpMethods.IsPost(http.Request.Method) || !path.StartsWith("v1/messages", StringComparison.Ordinal))
        {
            await RefuseAsync(http, StatusCodes.Status404NotFound, "not_found_error", $"The model relay forwards POST /v1/messages only, not {http.Request.Method} /{path}.");
            return;
        }
        if (http.Request.ContentLength > MaxRequestBytes)
        {
            await RefuseAsync(http, StatusCodes.Status413PayloadTooLarge, "request_too_large", $"The model relay takes requests of up to {MaxRequestBytes} bytes.");
            return;
        }
        var body = await ReadBodyAsync(http);
        if (body is null)
        {
            await RefuseAsync(http, StatusCodes.Status413PayloadTooLarge, "request_too_large", $"The model relay takes requests of up to {MaxRequestBytes} bytes.");
            return;
        }
        var (model, streamed) = Inspect(body);
        if (!run.AllowsModel(model))
        {
            await RefuseAsync(http, StatusCodes.Status400BadRequest, "invalid_request_error",
                $"Model '{model}' is not allowed for agent runs on this server (Agent:AllowedModels: {string.Join(", ", run.AllowedModels)}).");
            return;
        }
        var counted = path == "v1/messages";
        if (counted && !run.TryTakeTurn())
        {
            await RefuseAsync(http, StatusCodes.Status400BadRequest, "invalid_request_error",
                $"This agent run reached its limit ({run.StopReason}): {run.Turns - 1} turns, {run.Tokens} tokens.");
            return;
        }
        var settings = generation.Value;
        if (string.IsNullOrWhiteSpace(settings.ApiKey))
        {
            await RefuseAsync(http, StatusCodes.Status503ServiceUnavailable, "api_error", "The server has no Anthropic API key; " + ApiKeyHelp.WaysToSet);
            return;
        }
        await ForwardAsync(http, run, path, body, streamed && counted, settings);
    }

    private async Task ForwardAsync(HttpContext http, AgentRun run, string path, byte[] body, bool streamed, GenerationOptions settings)
    {
        var baseUrl = string.IsNullOrWhiteSpace(settings.BaseUrl) ? "https://api.anthropic.com" : settings.BaseUrl.TrimEnd('/');
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/" + path + http.Request.QueryString);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", http.Request.ContentType ?? "application/json");
        foreach (var (name, value) in http.Request.Headers.Where(h => !Dropped.Contains(h.Key)))
            request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)value);
        request.Headers.TryAddWithoutValidation("x-api-key", settings.ApiKey);

        using var cut = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, run.Stopped);
        var usage = new RelayUsage(streamed);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cut.Token);
            http.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!Dropped.Contains(name) || name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                    http.Response.Headers[name] = values.ToArray();
            }
            var feed = response.IsSuccessStatusCode ? usage : null;
            await using var stream = await response.Content.ReadAsStreamAsync(cut.Token);
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(buffer, cut.Token)) > 0)
            {
                feed?.Feed(buffer.AsSpan(0, read));
                await http.Response.Body.WriteAsync(buffer.AsMemory(0, read), cut.Token);
                await http.Response.Body.FlushAsync(cut.Token);
            }
            feed?.Complete();
        }
        catch (HttpRequestException e) when (!http.Response.HasStarted)
        {
            await RefuseAsync(http, StatusCodes.Status502BadGateway, "api_error", "The model relay could not reach the Anthropic API: " + ApiKeyHelp.Redact(e.Message, settings.ApiKey));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The run stopped or Claude Code went away: what was spent so far still counts.
            http.Abort();
        }
        finally
        {
            run.AddUsage(usage.InputTokens, usage.OutputTokens);
        }
    }

    private static string? TokenOf(HttpRequest request)
    {
        if (request.Headers["x-api-key"].ToString() is { Length: > 0 } key)
            return key;
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxRequestBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static (string? Model, bool Stream) Inspect(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return (root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String ? model.GetString() : null,
                root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True);
        }
        catch (JsonException)
        {
            return (null, false);
        }
    }

    /// <summary>An Anthropic-shaped error (what Claude Code reads) that also carries the server's usual <c>message</c>.</summary>
    private static Task RefuseAsync(HttpContext http, int status, string type, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new RelayError("error", new RelayErrorDetail(type, message), message), http.RequestAborted);
    }

    public void Dispose() => _http.Dispose();
}

internal sealed record RelayError(string Type, RelayErrorDetail Error, string Message);

internal sealed record RelayErrorDetail(string Type, string Message);
