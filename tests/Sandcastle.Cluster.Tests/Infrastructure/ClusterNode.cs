using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sandcastle.Testing;

namespace Sandcastle.Cluster.Tests.Infrastructure;

/// <summary>
/// One node: `sandcastle serve --cluster redis://... --node NAME` as a real process, with its own data root, HOME and
/// HTTP port, the cluster's shared certificate and the shared snapshot directory. It can be killed (SIGKILL),
/// stopped (SIGTERM: a drain) and started again on the same data root and port.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly StringBuilder _log = new();
    private Process? _process;

    public ClusterNode(string name, string root, string redisUrl, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        RedisUrl = redisUrl;
        Root = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        DataDirectory = Directory.CreateDirectory(Path.Combine(Root, "data")).FullName;
        var home = Directory.CreateDirectory(Path.Combine(Root, "home")).FullName;
        // The sandbox uid must be able to pass through to the data root (the engine makes that 0711 itself).
        File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        HttpPort = FreePort.Next();
        _environment = new Dictionary<string, string>(environment)
        {
            ["SANDCASTLE_DATA_DIR"] = DataDirectory,
            ["HOME"] = home,
            ["NO_COLOR"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), Timeout = TimeSpan.FromSeconds(90) };
    }

    public string Name { get; }

    public string RedisUrl { get; }

    public string Root { get; }

    public string DataDirectory { get; }

    public int HttpPort { get; }

    public HttpClient Http { get; }

    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    public bool Running => _process is { HasExited: false };

    public string Log
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    public void Start()
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in new[] { CliProgram.DllPath, "serve", "--urls", $"http://127.0.0.1:{HttpPort}", "--cluster", RedisUrl, "--node", Name })
            start.ArgumentList.Add(argument);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("SANDCASTLE_", StringComparison.Ordinal) || k.StartsWith("ANTHROPIC_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        foreach (var (name, value) in _environment)
            start.Environment[name] = value;
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>Waits until this node answers /health and lists <paramref name="nodes"/> live nodes.</summary>
    public async Task WaitReadyAsync(int nodes, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            if (_process is { HasExited: true } exited)
                throw new InvalidOperationException($"node {Name} exited ({exited.ExitCode}):\n{Log}");
            try
            {
                using var health = await Http.GetAsync("/health", cancellationToken);
                if (health.IsSuccessStatusCode && (await LiveNodesAsync(cancellationToken)).Count == nodes)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"node {Name} did not see {nodes} nodes in time:\n{Log}");
            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>The live nodes' names as this node's /health lists them.</summary>
    public async Task<List<string>> LiveNodesAsync(CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync("/health", cancellationToken));
        return [.. document.RootElement.GetProperty("cluster").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()!)];
    }

    /// <summary>SIGKILL: no drain, no snapshot, no goodbye.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
            return;
        process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>Waits for the process to exit by itself (after a drain); its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await _process!.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    /// <summary>The sandbox's workspace directory exists on this node's disk.</summary>
    public bool HoldsWorkspace(string sandboxId) => Directory.Exists(Path.Combine(DataDirectory, "sandboxes", sandboxId));

    public async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<HttpResponseMessage> PutJsonAsync(string path, object body, CancellationToken cancellationToken) => Http.PutAsJsonAsync(path, body, cancellationToken);

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body, CancellationToken cancellationToken) => Http.PostAsJsonAsync(path, body, cancellationToken);

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
        {
            if (_log.Length < 1_000_000)
                _log.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        Http.Dispose();
    }
}
