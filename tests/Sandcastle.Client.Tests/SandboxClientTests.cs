using Sandcastle.Client.Sandboxes;

namespace Sandcastle.Client.Tests;

public sealed class SandboxClientTests(ClientServerFixture fixture) : IClassFixture<ClientServerFixture>
{
    private readonly SandcastleClient _client = fixture.Client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sandbox_is_created_listed_configured_and_deleted()
    {
        var created = await _client.CreateSandboxAsync("cl-life", new SandboxSettings
        {
            Env = new Dictionary<string, string> { ["GREETING"] = "hello" },
            Labels = new Dictionary<string, string> { ["team"] = "docs" },
            SleepAfter = TimeSpan.FromMinutes(5),
            Limits = new SandboxLimits { TimeoutMs = 20_000 },
        }, _ct);
        Assert.Equal(["GREETING"], created.Info.Env);
        Assert.Equal("docs", created.Info.Labels["team"]);
        Assert.Equal(300, created.Info.SleepAfter);
        Assert.Equal(20_000, created.Info.Limits.TimeoutMs);

        // Getting an existing sandbox keeps its settings (it does not re-create it).
        var again = await _client.GetSandboxAsync("cl-life", _ct);
        Assert.Equal("docs", again.Info.Labels["team"]);
        Assert.Equal("hello\n", (await again.ExecAsync("echo $GREETING", cancellationToken: _ct)).Stdout);
        Assert.Contains(await _client.ListSandboxesAsync(_ct), s => s.Id == "cl-life");

        await again.SetEnvAsync(new Dictionary<string, string> { ["OTHER"] = "x" }, _ct);
        Assert.Equal(["OTHER"], (await again.RefreshAsync(_ct)).Env);

        await again.DeleteAsync(_ct);
        var gone = await Assert.ThrowsAsync<SandcastleApiException>(() => again.RefreshAsync(_ct));
        Assert.Equal((404, "not_found"), (gone.StatusCode, gone.Code));
        Assert.DoesNotContain(await _client.ListSandboxesAsync(_ct), s => s.Id == "cl-life");
    }

    [Fact]
    public async Task Errors_carry_the_servers_status_error_message_and_code()
    {
        var badId = await Assert.ThrowsAsync<SandcastleApiException>(() => _client.GetSandboxAsync("Not Valid!", _ct));
        Assert.Equal((400, "bad_request", "Bad Request"), (badId.StatusCode, badId.Code, badId.Error));
        Assert.Contains("Not Valid!", badId.Message, StringComparison.Ordinal);

        var tooTight = await Assert.ThrowsAsync<SandcastleApiException>(() =>
            _client.CreateSandboxAsync("cl-limits", new SandboxSettings { Limits = new SandboxLimits { MemoryBytes = -1 } }, _ct));
        Assert.Equal((400, "bad_request"), (tooTight.StatusCode, tooTight.Code));
        Assert.Contains("memoryBytes", tooTight.Message, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<SandcastleApiException>(() => _client.DeleteSandboxAsync("cl-never-made", _ct));
        Assert.Equal(404, missing.StatusCode);
    }

    [Fact]
    public async Task Wrong_or_missing_key_is_refused_with_unauthorized()
    {
        foreach (var key in new[] { "not-the-key", null })
        {
            using var stranger = new SandcastleClient(fixture.Server.Address, key);
            var refused = await Assert.ThrowsAsync<SandcastleApiException>(() => stranger.ListSandboxesAsync(_ct));
            Assert.Equal((401, "unauthorized"), (refused.StatusCode, refused.Code));
        }
    }

    [Fact]
    public async Task Unreachable_server_throws_http_request_exception()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var nowhere = new SandcastleClient($"http://127.0.0.1:{port}", ClientServerFixture.ApiKey);
        await Assert.ThrowsAsync<HttpRequestException>(() => nowhere.ListSandboxesAsync(_ct));
    }

    [Fact]
    public void Url_must_be_http()
    {
        Assert.Throws<ArgumentException>(() => new SandcastleClient("ftp://127.0.0.1/"));
    }
}
