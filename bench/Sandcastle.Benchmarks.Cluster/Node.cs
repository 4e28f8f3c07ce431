using System.Diagnostics;

namespace Sandcastle.Benchmarks.Cluster;

/// <summary>One `sandcastle serve` process (a cluster node, or a lone node for the baseline) on its own data root and port.</summary>
internal sealed class Node : IAsyncDisposable
{
    private readonly Process _process;

    private Node(string name, Process process, int port)
    {
        Name = name;
        _process = process;
        Http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
    }

    public string Name { get; }

    public HttpClient Http { get; }

    public static Node Start(string name, string root, string dll, IReadOnlyList<string> extraArguments, IReadOnlyDictionary<string, string> environment)
    {
        var home = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        File.SetUnixFileMode(home, (UnixFileMode)0b111_001_001);
        var data = Directory.CreateDirectory(Path.Combine(home, "data")).FullName;
        var port = Sandcastle.Testing.FreePort.Next();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { dll, "serve", "--urls", $"http://127.0.0.1:{port}" }.Concat(extraArguments))
            start.ArgumentList.Add(argument);
        start.Environment["SANDCASTLE_DATA_DIR"] = data;
        start.Environment["HOME"] = home;
        start.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return new Node(name, process, port);
    }

    public async Task WaitReadyAsync(int clusterNodes)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}");
            try
            {
                var health = await Http.GetStringAsync("/health");
                if (clusterNodes == 0 || health.Split("\"httpAddress\"").Length - 1 == clusterNodes)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Name} did not get ready");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        Http.Dispose();
    }
}
