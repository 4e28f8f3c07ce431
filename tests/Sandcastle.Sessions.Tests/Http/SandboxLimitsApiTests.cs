using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sandcastle.Sessions.Tests.Http;

/// <summary>PUT /v1/sandboxes/{id} limits: unknown names are refused (not dropped), absurd values get the accepted range.</summary>
public sealed class SandboxLimitsApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = fixture.Client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnknownLimit_Is400_AndTheLimitsAlreadySetStay()
    {
        await _client.PutAsJsonAsync("/v1/sandboxes/limits-kept", new { limits = new { memoryBytes = 64L * 1024 * 1024 } }, _ct);

        var misspelt = await _client.PutAsJsonAsync("/v1/sandboxes/limits-kept", new { limits = new { memoryByte = 1 } }, _ct);
        var unknownField = await _client.PutAsJsonAsync("/v1/sandboxes/limits-kept", new { limit = new { memoryBytes = 1 } }, _ct);
        var after = await _client.GetFromJsonAsync<JsonElement>("/v1/sandboxes/limits-kept", _ct);

        Assert.Contains("memoryByte", await BadRequestMessage(misspelt));
        Assert.Contains("'limit'", await BadRequestMessage(unknownField));
        Assert.Equal(64L * 1024 * 1024, after.GetProperty("limits").GetProperty("memoryBytes").GetInt64());
    }

    [Theory]
    [InlineData("memoryBytes", 1, "16777216")]
    [InlineData("memoryBytes", 4096, "16777216")]
    [InlineData("maxProcesses", 1, "4")]
    [InlineData("timeoutMs", 1, "100")]
    public async Task AbsurdLimit_IsRefused_WithTheAcceptedRange(string name, long value, string least)
    {
        var response = await _client.PutAsJsonAsync("/v1/sandboxes/absurd", new { limits = new Dictionary<string, long> { [name] = value } }, _ct);

        var message = await BadRequestMessage(response);
        Assert.Contains(name, message);
        Assert.Contains($"from {least} to ", message);
    }

    [Fact]
    public async Task Timeout_TakesADurationWithAUnit()
    {
        var response = await _client.PutAsJsonAsync("/v1/sandboxes/timed", new { limits = new { timeout = "45s" }, sleepAfter = "2m" }, _ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(_ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(45_000, body.GetProperty("limits").GetProperty("timeoutMs").GetInt64());
        Assert.Equal(120, body.GetProperty("sleepAfter").GetDouble());
    }

    [Fact]
    public async Task AQuotaBelowWhatTheWorkspaceHolds_Is400_AndTheQuotaStays()
    {
        await _client.PutAsJsonAsync("/v1/sandboxes/quota-kept", new { limits = new { workspaceQuotaBytes = 4L * 1024 * 1024 } }, _ct);
        var fill = await _client.PostAsJsonAsync("/v1/sandboxes/quota-kept/exec", new { command = "head -c 3000000 /dev/zero > big" }, _ct);
        Assert.Equal(HttpStatusCode.OK, fill.StatusCode);

        var shrink = await _client.PutAsJsonAsync("/v1/sandboxes/quota-kept", new { limits = new { workspaceQuotaBytes = 2L * 1024 * 1024 } }, _ct);
        var after = await _client.GetFromJsonAsync<JsonElement>("/v1/sandboxes/quota-kept", _ct);
        var grow = await _client.PutAsJsonAsync("/v1/sandboxes/quota-kept", new { limits = new { workspaceQuotaBytes = 8L * 1024 * 1024 } }, _ct);
        var more = await (await _client.PostAsJsonAsync("/v1/sandboxes/quota-kept/exec", new { command = "head -c 4000000 /dev/zero > more && echo fits" }, _ct))
            .Content.ReadFromJsonAsync<JsonElement>(_ct);

        Assert.Contains("cannot shrink", await BadRequestMessage(shrink));
        Assert.Equal(4L * 1024 * 1024, after.GetProperty("limits").GetProperty("workspaceQuotaBytes").GetInt64());
        Assert.Equal(HttpStatusCode.OK, grow.StatusCode);
        Assert.Equal("fits\n", more.GetProperty("stdout").GetString());
    }

    private async Task<string> BadRequestMessage(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Equal("bad_request", error.GetProperty("code").GetString());
        return error.GetProperty("message").GetString()!;
    }
}
