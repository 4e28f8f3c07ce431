using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sandcastle.Sessions.Tests.Http;

public sealed class SandboxesApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = fixture.Client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Put_creates_then_updates_and_get_list_delete_follow()
    {
        var created = await _client.PutAsJsonAsync("/v1/sandboxes/crud", new { labels = new { team = "a" }, sleepAfter = "5m", env = new Dictionary<string, string> { ["TOKEN"] = "s3cret" } }, _ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Equal("crud", body.GetProperty("id").GetString());
        Assert.Equal(300, body.GetProperty("sleepAfter").GetDouble());
        Assert.Equal("TOKEN", body.GetProperty("env")[0].GetString());
        Assert.DoesNotContain("s3cret", body.GetRawText());

        var again = await _client.PutAsJsonAsync("/v1/sandboxes/crud", new { labels = new { team = "b" } }, _ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        var got = await _client.GetFromJsonAsync<JsonElement>("/v1/sandboxes/crud", _ct);
        Assert.Equal("b", got.GetProperty("labels").GetProperty("team").GetString());
        var list = await _client.GetFromJsonAsync<JsonElement>("/v1/sandboxes", _ct);
        Assert.Contains(list.GetProperty("sandboxes").EnumerateArray(), s => s.GetProperty("id").GetString() == "crud");

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync("/v1/sandboxes/crud", _ct)).StatusCode);
        await AssertError(await _client.GetAsync("/v1/sandboxes/crud", _ct), HttpStatusCode.NotFound, "not_found");
        await AssertError(await _client.DeleteAsync("/v1/sandboxes/crud", _ct), HttpStatusCode.NotFound, "not_found");
        list = await _client.GetFromJsonAsync<JsonElement>("/v1/sandboxes", _ct);
        Assert.DoesNotContain(list.GetProperty("sandboxes").EnumerateArray(), s => s.GetProperty("id").GetString() == "crud");
    }

    [Fact]
    public async Task Bad_input_gets_400_with_the_error_shape()
    {
        await AssertError(await _client.PutAsJsonAsync("/v1/sandboxes/Bad_Id", new { }, _ct), HttpStatusCode.BadRequest, "bad_request");
        await AssertError(await _client.GetAsync("/v1/sandboxes/" + new string('a', 64), _ct), HttpStatusCode.BadRequest, "bad_request");
        await AssertError(await _client.PutAsJsonAsync("/v1/sandboxes/bad-env", new { env = new Dictionary<string, string> { ["1X"] = "y" } }, _ct), HttpStatusCode.BadRequest, "bad_request");
        await AssertError(await _client.PutAsJsonAsync("/v1/sandboxes/bad-sleep", new { sleepAfter = "soon" }, _ct), HttpStatusCode.BadRequest, "bad_request");
        await AssertError(await _client.PutAsJsonAsync("/v1/sandboxes/bad-limit", new { limits = new { memoryBytes = -1 } }, _ct), HttpStatusCode.BadRequest, "bad_request");
        await AssertError(await _client.PostAsJsonAsync("/v1/sandboxes/nobody/exec", new { command = "true" }, _ct), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Environment_applies_to_later_execs()
    {
        await _client.PutAsJsonAsync("/v1/sandboxes/envs", new { env = new Dictionary<string, string> { ["A"] = "1" } }, _ct);
        var put = await _client.PutAsJsonAsync("/v1/sandboxes/envs/env", new Dictionary<string, string> { ["A"] = "2", ["B"] = "3" }, _ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var run = await Exec("envs", new { command = "echo $A$B$C", env = new Dictionary<string, string> { ["C"] = "4" } });
        Assert.Equal("234\n", run.GetProperty("stdout").GetString());
    }

    internal static async Task AssertError(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("error").GetString()));
    }

    private async Task<JsonElement> Exec(string id, object body)
    {
        var response = await _client.PostAsJsonAsync($"/v1/sandboxes/{id}/exec", body, _ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
    }
}
