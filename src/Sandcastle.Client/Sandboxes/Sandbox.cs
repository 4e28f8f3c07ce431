using System.Runtime.CompilerServices;
using System.Text.Json;
using Sandcastle.Client.Http;

namespace Sandcastle.Client.Sandboxes;

/// <summary>
/// One sandbox of the caller on the server: run commands, read and write its files, start background processes,
/// run code in stateful contexts. Get one from <see cref="SandcastleClient.GetSandboxAsync"/>.
/// </summary>
public sealed partial class Sandbox
{
    private readonly SandcastleConnection _connection;

    internal Sandbox(SandcastleConnection connection, SandboxInfo info)
    {
        _connection = connection;
        Info = info;
    }

    public string Id => Info.Id;

    /// <summary>The sandbox as it was when this handle was made or last refreshed.</summary>
    public SandboxInfo Info { get; private set; }

    public async Task<SandboxInfo> RefreshAsync(CancellationToken cancellationToken = default) =>
        Info = await _connection.SendAsync<SandboxInfo>(HttpMethod.Get, Path(), null, cancellationToken);

    /// <summary>Replaces the environment later commands and processes get.</summary>
    public async Task<SandboxInfo> SetEnvAsync(IReadOnlyDictionary<string, string> env, CancellationToken cancellationToken = default) =>
        Info = await _connection.SendAsync<SandboxInfo>(HttpMethod.Put, Path("/env"), env, cancellationToken);

    /// <summary>Kills its processes and contexts and deletes its files.</summary>
    public Task DeleteAsync(CancellationToken cancellationToken = default) =>
        _connection.SendAsync(HttpMethod.Delete, Path(), null, cancellationToken);

    /// <summary>Runs a shell command and returns once it has ended.</summary>
    public Task<ExecResult> ExecAsync(string command, ExecOptions? options = null, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<ExecResult>(HttpMethod.Post, Path("/exec"), (options ?? new()).ToBody(command), cancellationToken);

    /// <summary>
    /// Runs a shell command, giving its output as it prints. Cancelling (or leaving the loop) closes the stream,
    /// and the server kills the command.
    /// </summary>
    public async IAsyncEnumerable<ExecEvent> ExecStreamAsync(
        string command, ExecOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var e in _connection.StreamAsync(HttpMethod.Post, Path("/exec"), (options ?? new()).ToBody(command), cancellationToken))
        {
            var data = e.Data;
            switch (e.Name)
            {
                case "start":
                    yield return new ExecStarted(Int(data, "pid") ?? 0, Str(data, "executionId"));
                    break;
                case "stdout" or "stderr":
                    yield return new ExecOutput(e.Name, Str(data, "data") ?? "");
                    break;
                case "complete":
                    yield return new ExecCompleted(Bool(data, "success"), Int(data, "exitCode") ?? -1, Str(data, "reason") ?? "", Num(data, "duration"), Str(data, "message"));
                    yield break;
                case "error":
                    throw ApiErrorReader.FromJson(0, data);
            }
        }
        throw StreamEnded();
    }

    /// <summary>Starts a shell session: execs naming it keep <c>cd</c> and <c>export</c> between commands.</summary>
    public Task<ShellSession> CreateSessionAsync(CancellationToken cancellationToken = default) =>
        _connection.SendAsync<ShellSession>(HttpMethod.Post, Path("/sessions"), null, cancellationToken);

    public Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        _connection.SendAsync(HttpMethod.Delete, Path($"/sessions/{SandcastleConnection.Segment(sessionId)}"), null, cancellationToken);

    private string Path(string? rest = null) => SandcastleConnection.SandboxPath(Id, rest);

    private static SandcastleApiException StreamEnded() =>
        new(0, "stream_failed", "The server ended the stream without a result.", "stream_failed");

    internal static string? Str(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static int? Int(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    internal static double Num(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;

    internal static bool Bool(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
}
