using Sandcastle.Client.Sandboxes;

namespace Sandcastle.Client.Tests;

/// <summary>A sandbox's network policy and its preview ports, through the client against the real server.</summary>
public sealed class NetworkAndPortClientTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>
{
    private readonly SandcastleClient _client = fixture.Client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Network_policy_is_set_shown_enforced_replaced_and_checked()
    {
        var sandbox = await _client.CreateSandboxAsync("cl-net", new SandboxSettings { Network = new SandboxNetwork(["pkgs.test", "*.example.test"]) }, _ct);
        Assert.Equal(["pkgs.test", "*.example.test"], sandbox.Info.Network!.Allow);
        // Its execs go out through that policy: another name is refused by the egress proxy, which names the policy.
        var refused = await sandbox.ExecAsync("curl -sS http://elsewhere.test/", cancellationToken: _ct);
        Assert.Contains("may reach: pkgs.test, *.example.test", refused.Stdout);

        // Settings without a network keep the policy; an empty list takes the network away.
        var relabelled = await _client.CreateSandboxAsync("cl-net", new SandboxSettings { Labels = new Dictionary<string, string> { ["k"] = "v" } }, _ct);
        Assert.Equal(["pkgs.test", "*.example.test"], relabelled.Info.Network!.Allow);
        var offline = await _client.CreateSandboxAsync("cl-net", new SandboxSettings { Network = new SandboxNetwork([]) }, _ct);
        Assert.Empty(offline.Info.Network!.Allow);
        Assert.Empty((await offline.RefreshAsync(_ct)).Network!.Allow);

        var bad = await Assert.ThrowsAsync<SandcastleApiException>(() =>
            _client.CreateSandboxAsync("cl-net", new SandboxSettings { Network = new SandboxNetwork(["bad host!"]) }, _ct));
        Assert.Equal((400, "bad_request"), (bad.StatusCode, bad.Code));
    }

    [Fact]
    public async Task Port_is_exposed_at_a_preview_url_that_reaches_the_sandbox_listed_and_closed()
    {
        var sandbox = await _client.GetSandboxAsync("cl-ports", _ct);
        await sandbox.ExecAsync("mkdir -p site && echo hello-from-the-sandbox > site/index.html", cancellationToken: _ct);
        await sandbox.StartProcessAsync("cd site && exec python3 -m http.server 8000 --bind 127.0.0.1", "web", cancellationToken: _ct);

        var preview = await sandbox.ExposePortAsync(8000, "site", _ct);
        Assert.Equal((8000, "site"), (preview.Port, preview.Name));
        Assert.StartsWith(fixture.Server.Address.ToString().TrimEnd('/') + "/preview/", preview.Url);
        Assert.Equal(preview.Url, preview.PathUrl);
        using var browser = new HttpClient();
        Assert.Equal("hello-from-the-sandbox\n", await ReadWhenListeningAsync(browser, preview.Url));
        Assert.Contains(await sandbox.ListPortsAsync(_ct), p => p.Port == 8000 && p.Url == preview.Url);

        await sandbox.ClosePortAsync(8000, _ct);
        Assert.Empty(await sandbox.ListPortsAsync(_ct));
        using var closed = await browser.GetAsync(preview.Url, _ct);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, closed.StatusCode);
        var again = await Assert.ThrowsAsync<SandcastleApiException>(() => sandbox.ClosePortAsync(8000, _ct));
        Assert.Equal((404, "not_found"), (again.StatusCode, again.Code));
        var badPort = await Assert.ThrowsAsync<SandcastleApiException>(() => sandbox.ExposePortAsync(70_000, cancellationToken: _ct));
        Assert.Equal(400, badPort.StatusCode);
    }

    /// <summary>The server inside takes a moment to listen: a bounded wait for its first answer.</summary>
    private async Task<string> ReadWhenListeningAsync(HttpClient browser, string url)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var response = await browser.GetAsync(url, _ct);
            if (response.IsSuccessStatusCode || DateTime.UtcNow > deadline)
                return await response.Content.ReadAsStringAsync(_ct);
            await Task.Delay(100, _ct);
        }
    }
}
