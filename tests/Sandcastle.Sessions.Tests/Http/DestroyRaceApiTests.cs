using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandcastle.Testing.Attacks;

namespace Sandcastle.Sessions.Tests.Http;

/// <summary>
/// DELETE on a sandbox whose code swaps workspace directories for symlinks to a host directory, while that code
/// runs in an exec stream and more execs keep arriving (interleaved with the grain's destroy): the host directory
/// is untouched, every late exec is refused or killed, nothing is left on disk.
/// </summary>
public sealed class DestroyRaceApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = fixture.Client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Delete_while_the_sandbox_swaps_directories_for_host_symlinks_leaves_the_host_directory_intact()
    {
        using var attack = new SymlinkSwapAttack();
        const string id = "destroy-race";
        var created = await _client.PutAsJsonAsync($"/v1/sandboxes/{id}", new { }, _ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var built = await (await _client.PostAsJsonAsync($"/v1/sandboxes/{id}/exec", new { command = Python(attack.BuildScript()), timeoutMs = 120_000 }, _ct))
            .Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.True(built.TryGetProperty("stdout", out var stdout) && stdout.GetString() == "built\n", built.GetRawText());

        var swap = new { command = Python(attack.SwapScript()), timeoutMs = 60_000 };
        var running = _client.PostAsJsonAsync($"/v1/sandboxes/{id}/exec", swap, _ct);
        await WaitUntilSwappingAsync(id);
        var delete = _client.DeleteAsync($"/v1/sandboxes/{id}", _ct);
        var late = new List<Task<HttpResponseMessage>>();
        while (!delete.IsCompleted && late.Count < 200)
        {
            late.Add(_client.PostAsJsonAsync($"/v1/sandboxes/{id}/exec", swap, _ct));
            await Task.Delay(10, _ct);
        }
        var deleted = await delete;

        Assert.Equal(SymlinkSwapAttack.VictimFiles, attack.RemainingVictimFiles);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        foreach (var response in await Task.WhenAll(late.Append(running)))
        {
            // Refused (409 while destroying, 404 after, 429 past the concurrency limit), or started before the destroy and killed by it.
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests });
            if (response.StatusCode == HttpStatusCode.OK)
                Assert.False((await response.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("success").GetBoolean());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/v1/sandboxes/{id}", _ct)).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(fixture.DataRoot, "sandboxes", id)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(fixture.DataRoot, "trash")));
    }

    private static string Python(string script) => $"python3 - <<'PY'\n{script}\nPY";

    /// <summary>The swapper's exchanges show as a symlink named d&lt;i&gt; (before, every d&lt;i&gt; is a directory).</summary>
    private async Task WaitUntilSwappingAsync(string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var run = await (await _client.PostAsJsonAsync($"/v1/sandboxes/{id}/exec", new { command = "for i in $(seq 0 20); do [ -L d$i ] && echo swapping && break; done" }, _ct))
                .Content.ReadFromJsonAsync<JsonElement>(_ct);
            if (run.GetProperty("stdout").GetString() == "swapping\n")
                return;
            await Task.Delay(100, _ct);
        }
        Assert.Fail("the swapper did not start");
    }
}
