using System.Runtime.CompilerServices;
using System.Text.Json;
using Sandcastle.Client.Http;

namespace Sandcastle.Client.Sandboxes;

/// <summary>Code contexts: interpreters whose variables persist from run to run while the sandbox is awake.</summary>
public sealed partial class Sandbox
{
    /// <param name="language">python, javascript or typescript.</param>
    public Task<CodeContext> CreateContextAsync(string language = "python", CancellationToken cancellationToken = default) =>
        _connection.SendAsync<CodeContext>(HttpMethod.Post, Path("/contexts"), new { Language = language }, cancellationToken);

    public async Task<IReadOnlyList<CodeContext>> ListContextsAsync(CancellationToken cancellationToken = default) =>
        (await _connection.SendAsync<ContextListBody>(HttpMethod.Get, Path("/contexts"), null, cancellationToken)).Contexts;

    public Task<CodeContext> GetContextAsync(string contextId, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<CodeContext>(HttpMethod.Get, ContextPath(contextId), null, cancellationToken);

    public Task DeleteContextAsync(string contextId, CancellationToken cancellationToken = default) =>
        _connection.SendAsync(HttpMethod.Delete, ContextPath(contextId), null, cancellationToken);

    /// <summary>A fresh interpreter in place of the old one: all state is lost.</summary>
    public Task<CodeContext> RestartContextAsync(string contextId, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<CodeContext>(HttpMethod.Post, ContextPath(contextId, "/restart"), null, cancellationToken);

    /// <summary>Runs code in a context; an exception the code raised is <see cref="CodeRun.Error"/>, not thrown.</summary>
    public async Task<CodeRun> RunCodeAsync(string contextId, string code, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var body = await _connection.SendAsync<CodeRunBody>(HttpMethod.Post, ContextPath(contextId, "/run"), RunBody(code, timeout), cancellationToken);
        return new CodeRun(body.Logs, [.. body.Results.Select(r => new CodeResult(r))], body.Error, body.ExecutionCount);
    }

    /// <summary>
    /// Runs code, giving output, results and the error as they happen. Cancelling closes the stream; the run itself
    /// goes on to its end or time limit, so the context's state stays consistent (restart the context to stop it).
    /// </summary>
    public async IAsyncEnumerable<CodeRunEvent> RunCodeStreamAsync(
        string contextId, string code, TimeSpan? timeout = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var e in _connection.StreamAsync(HttpMethod.Post, ContextPath(contextId, "/run"), RunBody(code, timeout), cancellationToken))
        {
            switch (e.Name)
            {
                case "stdout" or "stderr":
                    yield return new CodeOutput(e.Name, Str(e.Data, "data") ?? "");
                    break;
                case "result":
                    yield return new CodeResultEvent(new CodeResult(e.Data.Deserialize<Dictionary<string, string>>(SandcastleJson.Options)!));
                    break;
                // A cell's own exception has a name and traceback; a stream failure has the error shape.
                case "error" when Str(e.Data, "name") is not null:
                    yield return new CodeErrorEvent(e.Data.Deserialize<CodeError>(SandcastleJson.Options)!);
                    break;
                case "error":
                    throw ApiErrorReader.FromJson(0, e.Data);
                case "complete":
                    yield return new CodeRunCompleted(Int(e.Data, "executionCount") ?? 0);
                    yield break;
            }
        }
        throw StreamEnded();
    }

    private static object RunBody(string code, TimeSpan? timeout) =>
        new { Code = code, TimeoutMs = timeout is { } t ? (long?)t.TotalMilliseconds : null };

    private string ContextPath(string contextId, string? rest = null) => Path($"/contexts/{SandcastleConnection.Segment(contextId)}{rest}");
}
