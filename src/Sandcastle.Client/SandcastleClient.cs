using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sandcastle.Client.Execute;
using Sandcastle.Client.Http;
using Sandcastle.Client.Sandboxes;

namespace Sandcastle.Client;

/// <summary>
/// A Sandcastle server: its sandboxes and <c>/execute</c>. Failures the server reports throw
/// <see cref="SandcastleApiException"/>; a server that cannot be reached throws <see cref="HttpRequestException"/>.
/// </summary>
/// <example><code>
/// var client = new SandcastleClient("http://127.0.0.1:8787", apiKey);
/// var sandbox = await client.GetSandboxAsync("demo");
/// var result = await sandbox.ExecAsync("python3 -c 'print(6 * 7)'");
/// </code></example>
public sealed class SandcastleClient : IDisposable
{
    /// <summary>The environment variable the CLI and examples read a key from.</summary>
    public const string ApiKeyVariable = "SANDCASTLE_API_KEY";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly SandcastleConnection _connection;

    /// <param name="url">The server, e.g. http://127.0.0.1:8787.</param>
    /// <param name="apiKey">Sent as <c>Authorization: Bearer</c>; null for a key-less local server.</param>
    /// <param name="http">A client to send with (its handler, proxy, timeouts); null: one of this client's own, with no timeout since streams may run long.</param>
    public SandcastleClient(string url, string? apiKey = null, HttpClient? http = null)
        : this(new Uri(url.TrimEnd('/') + "/", UriKind.Absolute), apiKey, http)
    {
    }

    public SandcastleClient(Uri url, string? apiKey = null, HttpClient? http = null)
    {
        if (url.Scheme is not ("http" or "https"))
            throw new ArgumentException($"'{url}' is not an http(s) URL.", nameof(url));
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var root = url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
        _connection = new SandcastleConnection(_http, root, apiKey);
    }

    public Uri Server => _connection.Server;

    /// <summary>The caller's sandbox <paramref name="id"/>, created with default settings if it does not exist yet (existing settings are kept).</summary>
    public async Task<Sandbox> GetSandboxAsync(string id, CancellationToken cancellationToken = default)
    {
        try
        {
            return new Sandbox(_connection, await _connection.SendAsync<SandboxInfo>(HttpMethod.Get, SandcastleConnection.SandboxPath(id), null, cancellationToken));
        }
        catch (SandcastleApiException e) when (e.StatusCode == 404)
        {
            return await CreateSandboxAsync(id, null, cancellationToken);
        }
    }

    /// <summary>The caller's existing sandbox <paramref name="id"/>; throws <see cref="SandcastleApiException"/> (404, not_found) when there is none.</summary>
    public async Task<Sandbox> OpenSandboxAsync(string id, CancellationToken cancellationToken = default) =>
        new(_connection, await _connection.SendAsync<SandboxInfo>(HttpMethod.Get, SandcastleConnection.SandboxPath(id), null, cancellationToken));

    /// <summary>Creates the sandbox, or replaces an existing one's settings with <paramref name="settings"/>.</summary>
    public async Task<Sandbox> CreateSandboxAsync(string id, SandboxSettings? settings = null, CancellationToken cancellationToken = default) =>
        new(_connection, await _connection.SendAsync<SandboxInfo>(HttpMethod.Put, SandcastleConnection.SandboxPath(id), (settings ?? new()).ToBody(), cancellationToken));

    /// <summary>
    /// Creates the new sandbox <paramref name="newId"/> with the files of snapshot <paramref name="snapshotId"/>
    /// (any of the caller's sandboxes' snapshots); 409 when <paramref name="newId"/> exists already.
    /// </summary>
    public async Task<Sandbox> ForkSandboxAsync(string snapshotId, string newId, CancellationToken cancellationToken = default) =>
        new(_connection, await _connection.SendAsync<SandboxInfo>(HttpMethod.Put, SandcastleConnection.SandboxPath(newId), new { FromSnapshot = snapshotId }, cancellationToken));

    public async Task<IReadOnlyList<SandboxInfo>> ListSandboxesAsync(CancellationToken cancellationToken = default) =>
        (await _connection.SendAsync<SandboxListBody>(HttpMethod.Get, "/v1/sandboxes", null, cancellationToken)).Sandboxes;

    public Task DeleteSandboxAsync(string id, CancellationToken cancellationToken = default) =>
        _connection.SendAsync(HttpMethod.Delete, SandcastleConnection.SandboxPath(id), null, cancellationToken);

    /// <summary>Asks a question: Claude writes the code, the server runs it, the answer comes when it is done.</summary>
    public Task<ExecuteResult> ExecuteAsync(ExecuteRequest request, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<ExecuteResult>(HttpMethod.Post, "/execute", request, cancellationToken);

    /// <summary>Asks a question and watches the code being written and run. Cancelling stops generation and kills the program.</summary>
    public async IAsyncEnumerable<ExecuteEvent> ExecuteStreamAsync(ExecuteRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var e in _connection.StreamAsync(HttpMethod.Post, "/execute", request, cancellationToken))
        {
            var data = e.Data;
            var attempt = Sandbox.Int(data, "attempt") ?? 1;
            switch (e.Name)
            {
                case "start":
                    yield return new ExecuteStarted(Sandbox.Str(data, "question") ?? "", Sandbox.Str(data, "language") ?? "", Sandbox.Str(data, "model") ?? "",
                        Sandbox.Int(data, "maxAttempts") ?? 0, Sandbox.Str(data, "sandboxId") ?? "");
                    break;
                case "code_delta":
                    yield return new ExecuteCodeDelta(attempt, Sandbox.Str(data, "text") ?? "");
                    break;
                case "code":
                    yield return new ExecuteCode(attempt, Sandbox.Str(data, "code") ?? "");
                    break;
                case "stdout" or "stderr":
                    yield return new ExecuteOutput(attempt, e.Name, Sandbox.Str(data, "text") ?? "");
                    break;
                case "attempt":
                    yield return new ExecuteAttemptEnded(data.Deserialize<ExecuteAttempt>(SandcastleJson.Options)!);
                    break;
                case "complete":
                    yield return new ExecuteCompleted(data.Deserialize<ExecuteResult>(SandcastleJson.Options)!);
                    yield break;
                case "error":
                    throw ApiErrorReader.FromJson(0, data);
            }
        }
        throw new SandcastleApiException(0, "stream_failed", "The server ended the stream without a result.", "stream_failed");
    }

    /// <summary>
    /// GET any endpoint as a JSON tree (e.g. <c>/</c> or <c>/v1/stats</c>), for dashboards that show whatever a server
    /// a version apart offers. Error statuses throw <see cref="SandcastleApiException"/>.
    /// </summary>
    public async Task<JsonNode?> GetJsonAsync(string path, CancellationToken cancellationToken = default)
    {
        using var response = await _connection.SendRawAsync(HttpMethod.Get, path, null, null, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return body.Length == 0 ? null : JsonNode.Parse(body);
    }

    /// <summary>GET /health, healthy or not: an unhealthy server answers 503 with the same report, which is returned, not thrown.</summary>
    public async Task<ServerHealth> GetHealthAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _connection.SendRawAsync(HttpMethod.Get, "/health", null, null, cancellationToken, okStatus: 503);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var report = body.Length == 0 ? null : JsonNode.Parse(body);
        return new ServerHealth((int)response.StatusCode, report?["status"]?.GetValue<string>() ?? "unknown", report);
    }

    public void Dispose()
    {
        if (_ownsHttp)
            _http.Dispose();
    }
}
