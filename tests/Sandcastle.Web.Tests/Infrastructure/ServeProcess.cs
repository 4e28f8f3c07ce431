using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sandcastle.Web.Tests.Infrastructure;

/// <summary>
/// A real <c>sandcastle serve</c> child process on a free loopback port, with its own data root and HOME, talking
/// to the given fake model. Stopped with Ctrl+C (SIGINT) as a user would, killed if it does not go.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServeProcess(Process process, Uri address, string root)
    {
        _process = process;
        Address = address;
        Root = root;
    }

    public Uri Address { get; }

    public string Root { get; }

    /// <summary>What the server wrote to stdout and stderr, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    public static async Task<ServeProcess> StartAsync(string modelBaseUrl, string? apiKeys = null)
    {
        var root = Directory.CreateTempSubdirectory("sandcastle-web-tests-").FullName;
        // The sandbox uid must be able to pass through to the data root.
        File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var data = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
        var home = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
        var address = new Uri($"http://127.0.0.1:{Sandcastle.Testing.FreePort.Next()}/");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = home,
        };
        start.ArgumentList.Add(CliDll());
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString().TrimEnd('/'));
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ANTHROPIC_", StringComparison.Ordinal) || k.StartsWith("SANDCASTLE_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        start.Environment["SANDCASTLE_DATA_DIR"] = data;
        start.Environment["HOME"] = home;
        start.Environment["ANTHROPIC_API_KEY"] = "sk-ant-test";
        start.Environment["ANTHROPIC_BASE_URL"] = modelBaseUrl;
        start.Environment["DOTNET_NOLOGO"] = "1";
        if (apiKeys is not null)
            start.Environment["SANDCASTLE_API_KEYS"] = apiKeys;
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        var serve = new ServeProcess(process, address, root);
        // Drained from the start: a server blocked on a full pipe would never answer.
        process.OutputDataReceived += (_, e) => serve.Append(e.Data);
        process.ErrorDataReceived += (_, e) => serve.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await serve.WaitUntilAnsweringAsync();
        return serve;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.AppendLine(line);
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        // Generous: the whole test run shares two cores.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(Address, "health"));
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(200);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"sandcastle serve did not start: {e.Message}\n{Log}", e);
            }
        }
    }

    /// <summary>An HTTP client of this server, sending <paramref name="apiKey"/> as a bearer token when given.</summary>
    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
            client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var interrupt = Process.Start("kill", ["-INT", _process.Id.ToString()]))
                await interrupt.WaitForExitAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A sandbox may still be going away; the temp directory is cleaned later.
        }
    }

    private static string CliDll()
    {
        // tests/Sandcastle.Web.Tests/bin/<Configuration>/net10.0/ → src/Sandcastle.Cli/bin/<Configuration>/net10.0/sandcastle.dll
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var path = Path.Combine(RepositoryRoot(), "src", "Sandcastle.Cli", "bin", output.Parent!.Name, output.Name, "sandcastle.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build src/Sandcastle.Cli first.", path);
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Sandcastle.slnx")))
                return directory.FullName;
        }
        throw new DirectoryNotFoundException("Sandcastle.slnx not found above the test output.");
    }
}
