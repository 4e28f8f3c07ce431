using System.Net.Http.Json;
using System.Text.Json;

namespace Sandcastle.Sessions.Tests.Http;

/// <summary>lastUsedAt moves with every call, in the sandbox, the list and /v1/stats (not only at creation).</summary>
public sealed class LastUsedTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = fixture.Client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnExec_MovesLastUsedAt_EverywhereItIsShown()
    {
        var created = await (await _client.PutAsJsonAsync("/v1/sandboxes/used-later", new { }, _ct)).Content.ReadFromJsonAsync<JsonElement>(_ct);
        var createdAt = created.GetProperty("lastUsedAt").GetDateTimeOffset();
        await Task.Delay(TimeSpan.FromSeconds(1.5), _ct);

        (await _client.PostAsJsonAsync("/v1/sandboxes/used-later/exec", new { command = "true" }, _ct)).EnsureSuccessStatusCode();
        // The index is told one-way; give it a moment on a loaded machine.
        DateTimeOffset listed = default, stats = default;
        for (var i = 0; i < 50 && (listed <= createdAt || stats <= createdAt); i++)
        {
            var list = await _client.GetFromJsonAsync<JsonElement>("/v1/sandboxes", _ct);
            listed = list.GetProperty("sandboxes").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "used-later").GetProperty("lastUsedAt").GetDateTimeOffset();
            var all = await _client.GetFromJsonAsync<JsonElement>("/v1/stats", _ct);
            stats = all.GetProperty("sandboxes").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "used-later").GetProperty("lastUsedAt").GetDateTimeOffset();
            await Task.Delay(100, _ct);
        }

        Assert.True(listed - createdAt >= TimeSpan.FromSeconds(1), $"created {createdAt:O}, listed {listed:O}");
        Assert.True(stats - createdAt >= TimeSpan.FromSeconds(1), $"created {createdAt:O}, stats {stats:O}");
    }
}
