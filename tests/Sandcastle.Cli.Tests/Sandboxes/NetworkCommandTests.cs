using System.Net;
using System.Net.Http.Json;
using Sandcastle.Cli.Tests.Infrastructure;

namespace Sandcastle.Cli.Tests.Sandboxes;

/// <summary>The network doors from the command line, the real CLI as a process: --allow-net and sandbox expose.</summary>
public sealed class NetworkCommandTests : IAsyncLifetime
{
    private readonly CliHome _home = new();
    private InProcessServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await InProcessServer.StartAsync(new Dictionary<string, string?>());

    [Fact]
    public async Task Expose_PrintsAUrlThatReachesTheServerInside()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_server.Url + "/") };
        var ct = TestContext.Current.CancellationToken;
        await http.PutAsync("v1/sandboxes/cli-web", null, ct);
        await http.PostAsJsonAsync("v1/sandboxes/cli-web/exec", new { command = "echo 'served from inside' > index.html" }, ct);
        (await http.PostAsJsonAsync("v1/sandboxes/cli-web/processes", new { command = "python3 -m http.server 8000" }, ct)).EnsureSuccessStatusCode();

        var exposed = await _home.RunAsync("sandbox", "expose", "cli-web", "8000", "--server", _server.Url);
        Assert.True(exposed.ExitCode == 0, exposed.ToString());
        var url = exposed.Stdout.Trim();
        Assert.StartsWith(_server.Url + "/preview/", url);

        HttpResponseMessage page;
        var attempts = 0;
        do
        {
            await Task.Delay(100, ct);
            page = await http.GetAsync(url, ct);
        }
        while (page.StatusCode == HttpStatusCode.BadGateway && ++attempts < 100);
        Assert.Equal("served from inside\n", await page.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task Expose_WithoutAServerOrWithABadPort_IsAUsageError()
    {
        var noServer = await _home.RunAsync("sandbox", "expose", "cli-web", "8000");
        var badPort = await _home.RunAsync("sandbox", "expose", "cli-web", "70000", "--server", _server.Url);
        Assert.Equal(2, noServer.ExitCode);
        Assert.Contains("running server", noServer.Stderr);
        Assert.Equal(2, badPort.ExitCode);
        Assert.Contains("1 to 65535", badPort.Stderr);
    }

    [Fact]
    public async Task AllowNet_OpensTheProxy_AndABadEntryIsAUsageError()
    {
        var bad = await _home.RunAsync("exec", "-l", "bash", "-c", "true", "--allow-net", "bad host!");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--allow-net", bad.Stderr);

        // Refused before any name is looked up: the 403 names the policy the flag set.
        var refused = await _home.RunAsync("exec", "-l", "bash", "-c", "curl -sS http://elsewhere.test/", "--allow-net", "pkgs.test", "--allow-net", "*.example.test");
        Assert.Contains("elsewhere.test is not on this sandbox's allow-list", refused.Stdout);
        Assert.Contains("may reach: pkgs.test, *.example.test", refused.Stdout);

        var closed = await _home.RunAsync("exec", "-l", "bash", "-c", "echo \"[$HTTP_PROXY]\"");
        Assert.Equal("[]\n", closed.Stdout);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _home.Dispose();
    }
}
