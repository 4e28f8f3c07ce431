using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandcastle.Testing;

namespace Sandcastle.Sessions.Tests.Http;

/// <summary>
/// A sandbox can make a file of any size: reading one as JSON holds it whole in the server, so JSON reads are
/// capped (413 pointing to the raw read, which streams) and the server's heap stays bounded under parallel reads.
/// The server runs with its default limits, as a real one would.
/// </summary>
[Collection(HeapMeasuredCollection.Name)]
public sealed class FileJsonReadTests : IAsyncLifetime
{
    private readonly string _dataRoot = Directory.CreateTempSubdirectory("sandcastle-sessions-").FullName;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private SandboxServer _server = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await SandboxServer.StartAsync(_dataRoot);
        _client = _server.Client;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dataRoot, recursive: true);
    }

    [Fact]
    public async Task Parallel_json_reads_of_a_huge_file_get_413_pointing_to_the_raw_read_and_the_heap_stays_bounded()
    {
        await _client.PutAsync("/v1/sandboxes/json-huge", null, _ct);
        var made = await _client.PostAsJsonAsync("/v1/sandboxes/json-huge/exec", new { command = "head -c 100000000 /dev/zero | tr '\\0' a > huge.txt; echo 'small' > small.txt" }, _ct);
        Assert.Equal(0, (await made.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("exitCode").GetInt32());

        HttpResponseMessage[] answers;
        await using (var heap = new HeapPeak())
        {
            answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _client.GetAsync("/v1/sandboxes/json-huge/files/huge.txt?format=json", _ct)));
            Assert.True(heap.GrowthBytes < 64L * 1024 * 1024, $"the server's heap grew by {heap.GrowthBytes / (1024 * 1024)} MiB");
        }
        foreach (var answer in answers)
        {
            Assert.Contains(answer.StatusCode, new[] { HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.TooManyRequests });
            var error = await answer.Content.ReadFromJsonAsync<JsonElement>(_ct);
            Assert.Contains("without ?format=json", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.RequestEntityTooLarge);

        using var raw = await _client.GetAsync("/v1/sandboxes/json-huge/files/huge.txt", HttpCompletionOption.ResponseHeadersRead, _ct);
        Assert.Equal(100_000_000, raw.Content.Headers.ContentLength);
        var small = await _client.GetFromJsonAsync<JsonElement>("/v1/sandboxes/json-huge/files/small.txt?format=json", _ct);
        Assert.Equal("small\n", small.GetProperty("content").GetString());
    }
}
