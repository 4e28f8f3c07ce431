using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Sandcastle.Soak;

/// <summary>
/// One real <c>sandcastle serve</c> process with a data root and port of its own and two tenants (two API keys),
/// its sandboxes run as <see cref="SandboxUid"/> so that the leak check can tell them from anything else here.
/// </summary>
internal sealed class SoakServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private SoakServer(string name, string root, int port, Process process, IReadOnlyList<string> keys)
    {
        Name = name;
        Root = root;
        Port = port;
        _process = process;
        Tenants = [.. keys.Select(key => new SoakTenant($"{name}/{key[^4..]}", Client(port, key)))];
    }

    public const int SandboxUid = 20_777;

    public string Name { get; }

    /// <summary>Its data root and home: every mount it makes for a sandbox is under here.</summary>
    public string Root { get; }

    public int Port { get; }

    public int Pid => _process.Id;

    public IReadOnlyList<SoakTenant> Tenants { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What it printed (kept for a failed verdict).</summary>
    public string Log
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    public static async Task<SoakServer> StartAsync(string name, string cliDll, string soakRoot)
    {
        var root = Path.Combine(soakRoot, name);
        Directory.CreateDirectory(Path.Combine(root, "home"));
        // The sandbox uid must reach its workspaces through the data root.
        foreach (var directory in new[] { soakRoot, root })
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        var port = FreeLoopbackPort();
        var keys = new[] { $"soak-{name}-alpha-{Guid.NewGuid():N}", $"soak-{name}-beta-{Guid.NewGuid():N}" };
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var argument in new[] { cliDll, "serve", "--urls", $"http://127.0.0.1:{port}" })
            start.ArgumentList.Add(argument);
        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("ANTHROPIC_", StringComparison.Ordinal) || k.StartsWith("SANDCASTLE_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(variable);
        start.Environment["HOME"] = Path.Combine(root, "home");
        start.Environment["SANDCASTLE_DATA_DIR"] = Path.Combine(root, "data");
        start.Environment["SANDCASTLE_API_KEYS"] = string.Join(',', keys);
        start.Environment["Sandbox__SandboxUid"] = SandboxUid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Small tenant aggregates, so the attacker's hogs and bombs over several sandboxes meet them.
        start.Environment["Sandbox__Tenants__MemoryBytes"] = (1L << 30).ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Sandbox__Tenants__MaxProcesses"] = "512";
        start.Environment["NO_COLOR"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("sandcastle serve did not start");
        process.StandardInput.Close();
        var server = new SoakServer(name, root, port, process, keys);
        server.Collect(process.StandardOutput);
        server.Collect(process.StandardError);
        await server.WaitUntilHealthyAsync();
        return server;
    }

    private void Collect(StreamReader reader) => _ = Task.Run(async () =>
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_log)
                _log.AppendLine(line);
        }
    });

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException) when (!_process.HasExited)
            {
            }
            if (_process.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"server {Name} did not become healthy:\n{Log}");
            await Task.Delay(250);
        }
    }

    /// <summary>Host pid of its fork server's helper (the topmost forkserver.py under it); null when it has none.</summary>
    public int? ForkServerPid() => HostProcesses.Descendants(Pid)
        .FirstOrDefault(pid => HostProcesses.CommandLine(pid).Contains("forkserver.py", StringComparison.Ordinal)
            && !HostProcesses.CommandLine(HostProcesses.Parent(pid)).Contains("forkserver.py", StringComparison.Ordinal)) is var found and > 0 ? found : null;

    /// <summary>Stops it as an operator would (SIGTERM), and waits.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
            return;
        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var tenant in Tenants)
            tenant.Http.Dispose();
        _process.Dispose();
    }

    private static HttpClient Client(int port, string key)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
