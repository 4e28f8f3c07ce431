using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Sandcastle.Cli.Tests.Infrastructure;
using Sandcastle.Testing;

namespace Sandcastle.Cli.Tests.Serve;

/// <summary>
/// `sandcastle serve` as a real process, attacked from this machine: it listens on its HTTP port and its silo port
/// only; neither an Orleans client nor a TLS client without the install's certificate gets through; and when the
/// server process dies, its fork server and code-context kernels die with it.
/// </summary>
public sealed class ServerProcessSecurityTests : IAsyncLifetime
{
    private readonly CliHome _home = new();
    private FakeAnthropicServer _claude = null!;
    private Process _serve = null!;
    private int _httpPort;
    private HttpClient _http = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _claude = await FakeAnthropicServer.StartAsync(Cancel);
        _home.Environment["ANTHROPIC_API_KEY"] = "sk-ant-test";
        _home.Environment["ANTHROPIC_BASE_URL"] = _claude.BaseUrl;
        _httpPort = FreePort.Next();
        _serve = _home.Start(["serve", "--urls", $"http://127.0.0.1:{_httpPort}"]);
        _serve.StandardInput.Close();
        _ = _serve.StandardOutput.ReadToEndAsync(Cancel);
        _ = _serve.StandardError.ReadToEndAsync(Cancel);
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}"), Timeout = TimeSpan.FromSeconds(60) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                using var response = await _http.GetAsync("/health", Cancel);
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_serve.HasExited)
            {
                await Task.Delay(200, Cancel);
            }
        }
    }

    [Fact]
    public async Task Server_ListensOnItsHttpAndSiloPortsOnly_AndNoOrleansOrTlsClientGetsIn()
    {
        var ports = ListeningPorts(_serve.Id);
        var others = ports.Where(p => p != _httpPort).ToList();

        var orleansAdmitted = new List<int>();
        var tlsServed = new List<int>();
        foreach (var port in others)
        {
            if (await OrleansClientConnectsAsync(port))
                orleansAdmitted.Add(port);
            if (await TlsClientIsServedAsync(port))
                tlsServed.Add(port);
        }

        Assert.Empty(orleansAdmitted);
        Assert.Empty(tlsServed);
        Assert.Contains(_httpPort, ports);
        // The silo port; no client gateway.
        Assert.Single(others);
        var certificate = new FileInfo(Path.Combine(_home.DataDirectory, "silo", "silo.pfx"));
        Assert.True(certificate.Exists);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, certificate.UnixFileMode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, certificate.Directory!.UnixFileMode);
    }

    [Fact]
    public async Task KilledServer_TakesItsForkServerAndKernelsWithIt()
    {
        Assert.Equal(HttpStatusCode.Created, (await _http.PutAsJsonAsync("/v1/sandboxes/orphans", new { }, Cancel)).StatusCode);
        var exec = await _http.PostAsJsonAsync("/v1/sandboxes/orphans/exec", new { command = "echo forked" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, exec.StatusCode);
        var context = await _http.PostAsJsonAsync("/v1/sandboxes/orphans/contexts", new { language = "python" }, Cancel);
        Assert.True(context.IsSuccessStatusCode, await context.Content.ReadAsStringAsync(Cancel));
        var launched = ProcessesNaming(_home.DataDirectory);
        // The fork server's launcher chain and the kernel's, at least.
        Assert.True(launched.Count >= 2, $"expected launchers under {_home.DataDirectory}, found {launched.Count}");

        _serve.Kill();
        await _serve.WaitForExitAsync(Cancel);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (launched.Any(Alive) && DateTime.UtcNow < deadline)
            await Task.Delay(200, Cancel);

        Assert.DoesNotContain(launched, Alive);
    }

    /// <summary>TCP ports in LISTEN state held by sockets of <paramref name="pid"/> (its descriptors' inodes).</summary>
    private static HashSet<int> ListeningPorts(int pid)
    {
        var inodes = Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .Where(target => target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            .Select(target => target![8..^1])
            .ToHashSet();
        var ports = new HashSet<int>();
        foreach (var table in new[] { $"/proc/{pid}/net/tcp", $"/proc/{pid}/net/tcp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // local_address is ADDR:PORT in hex, st 0A is LISTEN, field 9 the inode.
                if (fields[3] == "0A" && inodes.Contains(fields[9]))
                    ports.Add(int.Parse(fields[1].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }
        return ports;
    }

    /// <summary>An Orleans client as an attacker would configure it (the cluster and service ids are in the source).</summary>
    private static async Task<bool> OrleansClientConnectsAsync(int port)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client => client
            .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, port))
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("sandcastle", "sandcastle")));
        using var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        try
        {
            await host.StartAsync(timeout.Token);
            await host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts().WaitAsync(timeout.Token);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
        finally
        {
            try
            {
                await host.StopAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
            }
        }
    }

    /// <summary>A TLS client with no certificate that accepts any server: true if the server keeps talking to it.</summary>
    private static async Task<bool> TlsClientIsServedAsync(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, Cancel);
        // The attacker trusts any server: what is tested is whether the server serves the attacker.
#pragma warning disable CA5359
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
#pragma warning restore CA5359
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "sandcastle-silo" }, timeout.Token);
            // TLS 1.3 finishes the client's side before the server has judged the client: the verdict comes on the next read.
            await tls.WriteAsync(new byte[64], timeout.Token);
            var buffer = new byte[1];
            return await tls.ReadAsync(buffer, timeout.Token) > 0;
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            return false;
        }
    }

    private static List<int> ProcessesNaming(string text) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ReadCommandLine(pid).Contains(text, StringComparison.Ordinal))];

    private static string ReadCommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>Running and not a zombie (a dead child its parent has not reaped yet is gone for this purpose).</summary>
    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_serve.HasExited)
            _serve.Kill(entireProcessTree: true);
        _serve.Dispose();
        _http.Dispose();
        await _claude.DisposeAsync();
        _home.Dispose();
    }
}
