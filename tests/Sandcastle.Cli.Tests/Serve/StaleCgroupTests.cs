using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Sandcastle.Cli.Tests.Infrastructure;
using Sandcastle.Testing;

namespace Sandcastle.Cli.Tests.Serve;

/// <summary>
/// A server killed with SIGKILL mid-execution cannot remove its cgroups; the next server started on the machine does,
/// and leaves those of another server that still runs alone, with its execution in them.
/// </summary>
public sealed class StaleCgroupTests : IAsyncDisposable
{
    private static readonly string[] Hierarchies = ["memory", "pids", "cpu", "cpuacct"];
    private readonly List<(CliHome Home, Process Serve)> _servers = [];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KilledServersCgroups_AreRemovedByTheNextServer_AndALiveServersAreLeft()
    {
        var (killed, killedHttp) = await StartServerAsync();
        var (live, liveHttp) = await StartServerAsync();
        var killedRun = StartLongExecAsync(killedHttp, "killed-run");
        var liveRun = StartLongExecAsync(liveHttp, "live-run");
        var killedDirectories = await WaitForExecutionCgroupAsync(killed.Id);
        var liveDirectories = await WaitForExecutionCgroupAsync(live.Id);

        killed.Kill();
        await killed.WaitForExitAsync(Cancel);
        Assert.Contains(killedDirectories, Directory.Exists);

        var (_, nextHttp) = await StartServerAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (killedDirectories.Any(Directory.Exists) && DateTime.UtcNow < deadline)
            await Task.Delay(200, Cancel);

        Assert.DoesNotContain(killedDirectories, Directory.Exists);
        Assert.All(liveDirectories, d => Assert.True(Directory.Exists(d), $"{d} of the live server was removed"));
        Assert.False(liveRun.IsCompleted);
        var echo = await nextHttp.PostAsJsonAsync("/v1/sandboxes/next/exec", new { command = "echo 1" }, Cancel);
        Assert.Contains("\"stdout\":\"1\\n\"", await echo.Content.ReadAsStringAsync(Cancel));
        await Assert.ThrowsAnyAsync<Exception>(() => killedRun);
    }

    private async Task<(Process Serve, HttpClient Http)> StartServerAsync()
    {
        var home = new CliHome();
        var port = FreePort.Next();
        var serve = home.Start(["serve", "--urls", $"http://127.0.0.1:{port}"]);
        _servers.Add((home, serve));
        serve.StandardInput.Close();
        _ = serve.StandardOutput.ReadToEndAsync(Cancel);
        _ = serve.StandardError.ReadToEndAsync(Cancel);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(120) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/health", Cancel);
                break;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !serve.HasExited)
            {
                await Task.Delay(200, Cancel);
            }
        }
        Assert.Equal(HttpStatusCode.Created, (await http.PutAsJsonAsync("/v1/sandboxes/next", new { }, Cancel)).StatusCode);
        return (serve, http);
    }

    private static async Task StartLongExecAsync(HttpClient http, string sandbox)
    {
        using var created = await http.PutAsJsonAsync($"/v1/sandboxes/{sandbox}", new { }, Cancel);
        using var run = await http.PostAsJsonAsync($"/v1/sandboxes/{sandbox}/exec", new { command = "sleep 100", timeoutMs = 110_000 }, Cancel);
    }

    /// <summary>The cgroup directories of the server's engine, once an execution's cgroup holds a process.</summary>
    private static async Task<List<string>> WaitForExecutionCgroupAsync(int serverPid)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var engines = Hierarchies
                .Select(h => $"/sys/fs/cgroup/{h}/sandcastle")
                .Where(Directory.Exists)
                .SelectMany(parent => Directory.EnumerateDirectories(parent, $"engine-{serverPid}-*"))
                .ToList();
            var tenants = engines.SelectMany(e => Directory.EnumerateDirectories(e, "tenant-*")).ToList();
            var busy = tenants.SelectMany(Directory.EnumerateDirectories)
                .Any(execution => File.ReadAllText(Path.Combine(execution, "cgroup.procs")).Length > 0);
            if (busy)
                return [.. engines, .. tenants];
            await Task.Delay(100, Cancel);
        }
        throw new TimeoutException($"no execution cgroup of server {serverPid} holds a process");
    }

    private static async Task<bool> ExitsWithinAsync(Process process, TimeSpan time)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(time);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (home, serve) in _servers)
        {
            if (!serve.HasExited)
            {
                // Stopped as an operator would: it removes its cgroups on the way out.
                using (var term = Process.Start("kill", ["-TERM", serve.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                    await term.WaitForExitAsync();
                if (!await ExitsWithinAsync(serve, TimeSpan.FromSeconds(30)))
                    serve.Kill(entireProcessTree: true);
                await serve.WaitForExitAsync();
            }
            home.Dispose();
        }
    }
}
