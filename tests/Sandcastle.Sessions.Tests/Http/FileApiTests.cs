using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sandcastle.Sessions.Tests.Http;

public sealed class FileApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = fixture.Client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Raw_and_json_writes_read_back_list_move_and_delete()
    {
        await _client.PutAsync("/v1/sandboxes/files", null, _ct);
        var put = await _client.PutAsync("/v1/sandboxes/files/files/src/hello.txt", new StringContent("hello"), _ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("hello", await _client.GetStringAsync("/v1/sandboxes/files/files/src/hello.txt", _ct));

        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0, 1, 2, 255];
        await _client.PutAsJsonAsync("/v1/sandboxes/files/files/img/a.png", new { content = Convert.ToBase64String(png), encoding = "base64" }, _ct);
        var json = await _client.GetFromJsonAsync<JsonElement>("/v1/sandboxes/files/files/img/a.png?format=json", _ct);
        Assert.True(json.GetProperty("isBinary").GetBoolean());
        Assert.Equal("image/png", json.GetProperty("mimeType").GetString());
        Assert.Equal(png, Convert.FromBase64String(json.GetProperty("content").GetString()!));
        Assert.Equal(png.Length, json.GetProperty("size").GetInt64());
        var text = await _client.GetFromJsonAsync<JsonElement>("/v1/sandboxes/files/files/src/hello.txt?format=json", _ct);
        Assert.Equal(("hello", false), (text.GetProperty("content").GetString(), text.GetProperty("isBinary").GetBoolean()));

        // The sandbox sees what the API wrote.
        var run = await (await _client.PostAsJsonAsync("/v1/sandboxes/files/exec", new { command = "cat src/hello.txt" }, _ct)).Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Equal("hello", run.GetProperty("stdout").GetString());

        var root = await _client.GetFromJsonAsync<JsonElement>("/v1/sandboxes/files/files/", _ct);
        Assert.Equal(["img", "src"], root.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        var all = await _client.GetFromJsonAsync<JsonElement>("/v1/sandboxes/files/files/?recursive=true", _ct);
        Assert.Contains(all.GetProperty("entries").EnumerateArray(), e => e.GetProperty("path").GetString() == "src/hello.txt" && e.GetProperty("type").GetString() == "file");

        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsJsonAsync("/v1/sandboxes/files/mkdir", new { path = "out/deep" }, _ct)).StatusCode);
        var moved = await _client.PostAsJsonAsync("/v1/sandboxes/files/move", new { from = "src/hello.txt", to = "out/deep/hi.txt" }, _ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var exists = await _client.GetFromJsonAsync<JsonElement>("/v1/sandboxes/files/exists?path=out/deep/hi.txt", _ct);
        Assert.Equal(("file", true), (exists.GetProperty("type").GetString(), exists.GetProperty("exists").GetBoolean()));
        var gone = await _client.GetFromJsonAsync<JsonElement>("/v1/sandboxes/files/exists?path=src/hello.txt", _ct);
        Assert.False(gone.GetProperty("exists").GetBoolean());

        await SandboxesApiTests.AssertError(await _client.PostAsJsonAsync("/v1/sandboxes/files/move", new { from = "img/a.png", to = "out/deep/hi.txt" }, _ct), HttpStatusCode.Conflict, "file_conflict");
        await SandboxesApiTests.AssertError(await _client.DeleteAsync("/v1/sandboxes/files/files/out", _ct), HttpStatusCode.Conflict, "file_conflict");
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync("/v1/sandboxes/files/files/out?recursive=true", _ct)).StatusCode);
        await SandboxesApiTests.AssertError(await _client.GetAsync("/v1/sandboxes/files/files/out/deep/hi.txt", _ct), HttpStatusCode.NotFound, "file_not_found");
        await SandboxesApiTests.AssertError(await _client.DeleteAsync("/v1/sandboxes/files/files/nothing", _ct), HttpStatusCode.NotFound, "file_not_found");
    }

    [Fact]
    public async Task Paths_cannot_leave_the_workspace()
    {
        await _client.PutAsync("/v1/sandboxes/files-escape", null, _ct);
        await _client.PostAsJsonAsync("/v1/sandboxes/files-escape/exec", new { command = "ln -s /etc/passwd leak; ln -s .. up" }, _ct);
        await SandboxesApiTests.AssertError(await _client.GetAsync("/v1/sandboxes/files-escape/files/leak", _ct), HttpStatusCode.BadRequest, "invalid_path");
        await SandboxesApiTests.AssertError(await _client.PutAsync("/v1/sandboxes/files-escape/files/up/x.txt", new StringContent("x"), _ct), HttpStatusCode.BadRequest, "invalid_path");
        // Kestrel folds dot segments out of URLs; paths in bodies and queries are checked too.
        await SandboxesApiTests.AssertError(await _client.PostAsJsonAsync("/v1/sandboxes/files-escape/move", new { from = "../../../etc/passwd", to = "stolen" }, _ct), HttpStatusCode.BadRequest, "invalid_path");
        await SandboxesApiTests.AssertError(await _client.GetAsync("/v1/sandboxes/files-escape/exists?path=../x", _ct), HttpStatusCode.BadRequest, "invalid_path");
        await SandboxesApiTests.AssertError(await _client.PostAsJsonAsync("/v1/sandboxes/files-escape/mkdir", new { path = "up/evil" }, _ct), HttpStatusCode.BadRequest, "invalid_path");
        await SandboxesApiTests.AssertError(await _client.GetAsync("/v1/sandboxes/files-none/files/x", _ct), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Large_files_stream_and_past_the_cap_get_413()
    {
        await _client.PutAsync("/v1/sandboxes/files-big", null, _ct);
        var big = new byte[3 * 1024 * 1024];
        new Random(7).NextBytes(big);
        var put = await _client.PutAsync("/v1/sandboxes/files-big/files/big.bin", new ByteArrayContent(big), _ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(big, await _client.GetByteArrayAsync("/v1/sandboxes/files-big/files/big.bin", _ct));

        var tooBig = new byte[ServerFixture.MaxFileBytes + 1];
        await SandboxesApiTests.AssertError(await _client.PutAsync("/v1/sandboxes/files-big/files/huge.bin", new ByteArrayContent(tooBig), _ct), HttpStatusCode.RequestEntityTooLarge, "too_large");
        var chunked = new StreamContent(new MemoryStream(tooBig));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Put, "/v1/sandboxes/files-big/files/huge.bin") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await SandboxesApiTests.AssertError(await _client.SendAsync(request, _ct), HttpStatusCode.RequestEntityTooLarge, "too_large");
        var exists = await _client.GetFromJsonAsync<JsonElement>("/v1/sandboxes/files-big/exists?path=huge.bin", _ct);
        Assert.False(exists.GetProperty("exists").GetBoolean());
    }
}
