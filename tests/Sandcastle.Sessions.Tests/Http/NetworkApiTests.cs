using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sandcastle.Sandbox.Network;
using Sandcastle.Testing;

namespace Sandcastle.Sessions.Tests.Http;

/// <summary>
/// A server whose egress proxy resolves <c>*.test</c> to loopback, with the loopback server opened as
/// <c>pkgs.test:PORT</c> by the operator and a ceiling of <c>*.test</c>.
/// </summary>
public sealed class NetworkServerFixture : IAsyncLifetime
{
    private readonly string _dataRoot = Directory.CreateTempSubdirectory("sandcastle-net-api-").FullName;
    private SandcastleTestServer _server = null!;

    public LoopbackHttpServer Upstream { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Uri Address => _server.Address;

    public async ValueTask InitializeAsync()
    {
        _server = await SandcastleTestServer.StartAsync(_dataRoot, new Dictionary<string, string?>
        {
            ["Network:PrivateTargets:0"] = $"pkgs.test:{Upstream.Port}",
            ["Network:MaxAllow:0"] = "*.test",
        }, builder =>
        {
            builder.Services.RemoveAll<IEgressResolver>();
            builder.Services.AddSingleton<IEgressResolver, LoopbackTestResolver>();
        }, cancellationToken: TestContext.Current.CancellationToken);
        Client = _server.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _server.DisposeAsync();
        await Upstream.DisposeAsync();
        Directory.Delete(_dataRoot, recursive: true);
    }
}

public sealed class NetworkApiTests(NetworkServerFixture fixture) : IClassFixture<NetworkServerFixture>
{
    private readonly HttpClient _client = fixture.Client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private async Task<JsonElement> ExecAsync(string sandbox, object body) =>
        await (await _client.PostAsJsonAsync($"/v1/sandboxes/{sandbox}/exec", body, _ct)).Content.ReadFromJsonAsync<JsonElement>(_ct);

    [Fact]
    public async Task ASandboxsPolicy_IsSetByPut_ShownByGet_AndAppliedToItsCommands()
    {
        var created = await _client.PutAsJsonAsync("/v1/sandboxes/net-put", new { network = new { allow = new[] { "pkgs.test" } } }, _ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(_ct));
        var shown = await _client.GetFromJsonAsync<JsonElement>("/v1/sandboxes/net-put", _ct);
        Assert.Equal("[\"pkgs.test\"]", shown.GetProperty("network").GetProperty("allow").GetRawText());

        var allowed = await ExecAsync("net-put", new { command = $"curl -sS http://pkgs.test:{fixture.Upstream.Port}/simple/" });
        Assert.Contains("hello from loopback", allowed.GetProperty("stdout").GetString());
        var refused = await ExecAsync("net-put", new { command = $"curl -sS http://other.test:{fixture.Upstream.Port}/" });
        Assert.Contains("is not on this sandbox's allow-list", refused.GetProperty("stdout").GetString());

        // Narrowed again: the next command has no proxy at all.
        await _client.PutAsJsonAsync("/v1/sandboxes/net-put", new { network = new { allow = Array.Empty<string>() } }, _ct);
        var closed = await ExecAsync("net-put", new { command = "echo \"[$HTTP_PROXY]\"" });
        Assert.Equal("[]\n", closed.GetProperty("stdout").GetString());
    }

    [Fact]
    public async Task ByDefault_ASandboxHasNoNetwork()
    {
        await _client.PutAsync("/v1/sandboxes/net-default", null, _ct);
        var shown = await _client.GetFromJsonAsync<JsonElement>("/v1/sandboxes/net-default", _ct);
        Assert.Equal(0, shown.GetProperty("network").GetProperty("allow").GetArrayLength());
        var run = await ExecAsync("net-default", new { command = $"curl -sS --max-time 5 http://127.0.0.1:3128/ 2>&1; echo \"[$HTTPS_PROXY]\"" });
        Assert.Contains("[]", run.GetProperty("stdout").GetString());
        Assert.Contains("Failed to connect", run.GetProperty("stdout").GetString());
    }

    [Fact]
    public async Task OneCommand_MayBringItsOwnPolicy_WithinTheCeiling()
    {
        await _client.PutAsync("/v1/sandboxes/net-exec", null, _ct);
        var run = await ExecAsync("net-exec", new { command = $"curl -sS http://pkgs.test:{fixture.Upstream.Port}/once", network = new { allow = new[] { "*.test" } } });
        Assert.Contains("GET /once HTTP/1.1", run.GetProperty("stdout").GetString());
        var wider = await _client.PostAsJsonAsync("/v1/sandboxes/net-exec/exec", new { command = "true", network = new { allow = new[] { "*" } } }, _ct);
        await SandboxesApiTests.AssertError(wider, HttpStatusCode.BadRequest, "bad_request");
    }

    [Theory]
    [InlineData("*", "wider than this server allows")]
    [InlineData("pypi.org", "wider than this server allows")]
    [InlineData("bad host!", "not a valid host name")]
    [InlineData("pkgs.test:99999", "port must be a number")]
    public async Task APolicyBeyondTheCeiling_OrMalformed_IsA400(string entry, string message)
    {
        var response = await _client.PutAsJsonAsync("/v1/sandboxes/net-bad", new { network = new { allow = new[] { entry } } }, _ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(_ct));
    }

    [Fact]
    public async Task ASandbox_CannotReachTheServersOwnApi_ThroughTheProxyOrDirectly()
    {
        await _client.PutAsJsonAsync("/v1/sandboxes/net-self", new { network = new { allow = new[] { "*.test" } } }, _ct);
        var port = fixture.Address.Port;
        var run = await ExecAsync("net-self", new
        {
            command = $"curl -sS http://api.test:{port}/v1/sandboxes; curl -sS --noproxy '*' --max-time 5 http://127.0.0.1:{port}/v1/sandboxes 2>&1",
        });
        var stdout = run.GetProperty("stdout").GetString()!;
        Assert.Contains("api.test resolves to 127.0.0.1, a loopback address", stdout);
        Assert.Contains("Failed to connect", stdout);
        Assert.DoesNotContain("\"sandboxes\"", stdout);
    }

    [Fact]
    public async Task Connections_ShowInStats_AndCountInMetrics()
    {
        await _client.PutAsJsonAsync("/v1/sandboxes/net-stats", new { network = new { allow = new[] { "pkgs.test" } } }, _ct);
        await ExecAsync("net-stats", new { command = $"curl -sS http://pkgs.test:{fixture.Upstream.Port}/a; curl -sS http://other.test/b" });

        var stats = await _client.GetFromJsonAsync<JsonElement>("/v1/stats", _ct);
        var network = stats.GetProperty("sandboxes").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "net-stats").GetProperty("network");
        Assert.Equal(1, network.GetProperty("allowed").GetInt64());
        Assert.Equal(1, network.GetProperty("refused").GetInt64());
        Assert.True(network.GetProperty("bytesReceived").GetInt64() > 0);
        var recent = network.GetProperty("recent").EnumerateArray().ToList();
        Assert.Contains(recent, c => c.GetProperty("host").GetString() == "other.test" && c.GetProperty("refusal").GetString()!.Contains("allow-list"));

        var metrics = await _client.GetStringAsync("/metrics", _ct);
        Assert.Matches("sandcastle_egress_connections_total\\{[^}]*outcome=\"refused\"[^}]*\\} [1-9]", metrics);
    }
}
