using System.Runtime.CompilerServices;
using Sandcastle.Client.Http;

namespace Sandcastle.Client.Sandboxes;

/// <summary>Background processes: they outlive the call that started them, until stopped or the sandbox sleeps.</summary>
public sealed partial class Sandbox
{
    /// <param name="processId">A name for it (1–63 of [a-z0-9-]); null: the server picks one.</param>
    public Task<ProcessInfo> StartProcessAsync(
        string command, string? processId = null, IReadOnlyDictionary<string, string>? env = null, string? cwd = null,
        CancellationToken cancellationToken = default) =>
        _connection.SendAsync<ProcessInfo>(HttpMethod.Post, Path("/processes"), new { Command = command, ProcessId = processId, Env = env, Cwd = cwd }, cancellationToken);

    public async Task<IReadOnlyList<ProcessInfo>> ListProcessesAsync(CancellationToken cancellationToken = default) =>
        (await _connection.SendAsync<ProcessListBody>(HttpMethod.Get, Path("/processes"), null, cancellationToken)).Processes;

    public Task<ProcessInfo> GetProcessAsync(string processId, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<ProcessInfo>(HttpMethod.Get, ProcessPath(processId), null, cancellationToken);

    /// <summary>Kills the process and all it started, and forgets it.</summary>
    public Task<ProcessInfo> KillProcessAsync(string processId, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<ProcessInfo>(HttpMethod.Delete, ProcessPath(processId), null, cancellationToken);

    public Task<ProcessLogs> GetProcessLogsAsync(string processId, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<ProcessLogs>(HttpMethod.Get, ProcessPath(processId, "/logs"), null, cancellationToken);

    /// <summary>The output so far, then as it comes, ending with <see cref="ProcessExited"/>. Cancelling stops following (the process runs on).</summary>
    public async IAsyncEnumerable<ProcessLogEvent> StreamProcessLogsAsync(string processId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var e in _connection.StreamAsync(HttpMethod.Get, ProcessPath(processId, "/stream"), null, cancellationToken))
        {
            switch (e.Name)
            {
                case "stdout" or "stderr":
                    yield return new ProcessOutput(e.Name, Str(e.Data, "data") ?? "");
                    break;
                case "exit":
                    yield return new ProcessExited(Str(e.Data, "status") ?? "", Int(e.Data, "exitCode"), Str(e.Data, "reason"), Bool(e.Data, "success"));
                    yield break;
                case "error":
                    throw ApiErrorReader.FromJson(0, e.Data);
            }
        }
        throw StreamEnded();
    }

    private string ProcessPath(string processId, string? rest = null) => Path($"/processes/{SandcastleConnection.Segment(processId)}{rest}");
}
