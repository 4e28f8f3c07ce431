using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandcastle.Testing;

namespace Sandcastle.Sessions.Tests.Http;

/// <summary>
/// A cell that floods rich results over the API, read by a client that does not keep up: the server's heap stays
/// bounded, the context can be deleted meanwhile (204, not 500), and another sandbox's exec still answers.
/// </summary>
[Collection(HeapMeasuredCollection.Name)]
public sealed class ContextAttackTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const long HeapBound = 256L * 1024 * 1024;
    private readonly HttpClient _client = fixture.Client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_flooding_cell_leaves_the_server_bounded_and_its_context_can_be_deleted()
    {
        await _client.PutAsync("/v1/sandboxes/ctx-flood", null, _ct);
        await _client.PutAsync("/v1/sandboxes/ctx-neighbour", null, _ct);
        var created = await _client.PostAsJsonAsync("/v1/sandboxes/ctx-flood/contexts", new { language = "python" }, _ct);
        var context = (await created.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("id").GetString();

        await using var heap = new HeapPeak();
        using var stream = await _client.SendAsync(Sse.Request(HttpMethod.Post, $"/v1/sandboxes/ctx-flood/contexts/{context}/run", new
        {
            code = "s = 'x' * (1 << 20)\nfor i in range(100000):\n    display(s)\n",
            timeoutMs = 60_000,
        }), HttpCompletionOption.ResponseHeadersRead, _ct);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        // The client reads nothing for a while: what the cell sends meanwhile must not pile up in the server.
        await Task.Delay(TimeSpan.FromSeconds(5), _ct);

        var watch = Stopwatch.StartNew();
        var echo = await _client.PostAsJsonAsync("/v1/sandboxes/ctx-neighbour/exec", new { command = "echo 1" }, _ct);
        Assert.Equal("1\n", (await echo.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("stdout").GetString());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the neighbour's echo took {watch.Elapsed}");

        var deleted = await _client.DeleteAsync($"/v1/sandboxes/ctx-flood/contexts/{context}", _ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/v1/sandboxes/ctx-flood/contexts/{context}", _ct)).StatusCode);
        var rest = await stream.Content.ReadAsStringAsync(_ct);
        Assert.Contains("event: complete", rest, StringComparison.Ordinal);
        Assert.True(heap.GrowthBytes < HeapBound, $"the server's heap grew by {heap.GrowthBytes / (1024 * 1024)} MiB");
    }
}
