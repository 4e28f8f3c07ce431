using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Sandcastle.Sessions.Tests.Http;

/// <summary>
/// Requests a real server used to misread (each was a 500, or worse, found by a bad-input sweep): each now gets a
/// 4xx whose JSON says what is wrong, and the sandbox is left as it was.
/// </summary>
public sealed class BadRequestShapeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Client => fixture.Client;

    private static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {body}");
        var error = JsonDocument.Parse(body).RootElement;
        Assert.True(error.TryGetProperty("message", out _), body);
        return error;
    }

    [Theory]
    [InlineData("DELETE", "/v1/sandboxes/shape-victim/files/%2e%2e")]
    [InlineData("DELETE", "/v1/sandboxes/shape-victim/files/a/%2E%2E/..")]
    [InlineData("DELETE", "/v1/sandboxes/shape-victim/snapshots/%2e%2e")]
    [InlineData("DELETE", "/v1/sandboxes/shape-victim/processes/..")]
    public async Task ADotSegment_IsRefused_AndTheSandboxStays(string method, string path)
    {
        await Client.PutAsJsonAsync("/v1/sandboxes/shape-victim", new { }, Cancel);

        // Sent as written, as a raw HTTP caller would: .NET's Uri would resolve the dots before sending.
        var target = new Uri(Client.BaseAddress!.GetLeftPart(UriPartial.Authority) + path,
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), target), Cancel);
        var error = await ErrorAsync(response, HttpStatusCode.BadRequest);

        Assert.Contains("'..'", error.GetProperty("message").GetString());
        using var still = await Client.GetAsync("/v1/sandboxes/shape-victim", Cancel);
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Theory]
    [InlineData("utf8", HttpStatusCode.OK)]
    [InlineData("\"utf-8\"", HttpStatusCode.OK)]
    [InlineData("UTF-8", HttpStatusCode.OK)]
    [InlineData("utf-7", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("ibm037", HttpStatusCode.UnsupportedMediaType)]
    public async Task AJsonBodysCharset_IsReadAsUtf8_OrRefused(string charset, HttpStatusCode expected)
    {
        await Client.PutAsJsonAsync("/v1/sandboxes/shape-charset", new { }, Cancel);
        using var content = new StringContent("{\"command\":\"echo hi\"}", Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");

        using var response = await Client.PostAsync("/v1/sandboxes/shape-charset/exec", content, Cancel);

        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("hi\n", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("stdout").GetString());
        }
        else
        {
            var error = await ErrorAsync(response, expected);
            Assert.Contains("UTF-8", error.GetProperty("message").GetString());
        }
    }

    [Theory]
    [InlineData("{\"a\":")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("{\"content\":1}")]
    [InlineData("{\"content\":\"aGk=\",\"encoding\":[]}")]
    public async Task AJsonFileUpload_ThatIsNotOne_IsA400(string body)
    {
        await Client.PutAsJsonAsync("/v1/sandboxes/shape-upload", new { }, Cancel);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await Client.PutAsync("/v1/sandboxes/shape-upload/files/notes.txt", content, Cancel);

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("'content'", error.GetProperty("message").GetString());
    }

    /// <summary>A null entry was a 500 (now named); a field other than 'allow' was ignored, passing for a policy that denies.</summary>
    [Theory]
    [InlineData("{\"allow\":[null]}", "entry is null")]
    [InlineData("{\"allow\":[\"pypi.org\",null]}", "entry is null")]
    [InlineData("{\"deny\":[\"example.com\"]}", null)]
    [InlineData("{\"allow\":[\"*\"],\"deny\":[\"example.com\"]}", null)]
    public async Task ANetworkPolicyThatIsNotAnAllowList_IsA400(string network, string? named)
    {
        var id = $"shape-net-{Math.Abs(network.GetHashCode()) % 100_000}";
        using var put = await Client.PutAsync($"/v1/sandboxes/{id}",
            new StringContent($"{{\"network\":{network}}}", Encoding.UTF8, "application/json"), Cancel);
        await Client.PutAsJsonAsync($"/v1/sandboxes/{id}-exec", new { }, Cancel);
        using var exec = await Client.PostAsync($"/v1/sandboxes/{id}-exec/exec",
            new StringContent($"{{\"command\":\"echo\",\"network\":{network}}}", Encoding.UTF8, "application/json"), Cancel);

        var putMessage = (await ErrorAsync(put, HttpStatusCode.BadRequest)).GetProperty("message").GetString();
        var execMessage = (await ErrorAsync(exec, HttpStatusCode.BadRequest)).GetProperty("message").GetString();
        // An unmapped field fails the body's binding, whose 400 is the generic one ("... failed with HTTP 400").
        if (named is not null)
        {
            Assert.Contains(named, putMessage);
            Assert.Contains(named, execMessage);
        }
    }

    [Fact]
    public async Task AnEnvironmentTooLargeToRun_IsRefusedWhenSet_NotAtEveryExecAfter()
    {
        await Client.PutAsJsonAsync("/v1/sandboxes/shape-env", new { }, Cancel);

        using var put = await Client.PutAsJsonAsync("/v1/sandboxes/shape-env/env", new { A = new string('x', 100_001) }, Cancel);
        using var exec = await Client.PostAsJsonAsync("/v1/sandboxes/shape-env/exec", new { command = "echo still runs" }, Cancel);

        Assert.Contains("environment is too large", (await ErrorAsync(put, HttpStatusCode.BadRequest)).GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, exec.StatusCode);
        Assert.Equal("still runs\n", (await exec.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("stdout").GetString());
    }

    [Fact]
    public async Task ASnapshotOfATreeTooDeep_IsA409_SayingWhatToDo()
    {
        await Client.PutAsJsonAsync("/v1/sandboxes/shape-deep", new { }, Cancel);
        var path = string.Join('/', Enumerable.Repeat("d", 1100)) + "/f";
        using var mkdir = await Client.PostAsJsonAsync("/v1/sandboxes/shape-deep/mkdir", new { path }, Cancel);
        Assert.True(mkdir.IsSuccessStatusCode, await mkdir.Content.ReadAsStringAsync(Cancel));

        using var snapshot = await Client.PostAsync("/v1/sandboxes/shape-deep/snapshots", null, Cancel);

        var message = (await ErrorAsync(snapshot, HttpStatusCode.Conflict)).GetProperty("message").GetString();
        Assert.Contains("nested more than 1024 directories deep", message);
        Assert.Contains("rm -rf", message);
    }
}
