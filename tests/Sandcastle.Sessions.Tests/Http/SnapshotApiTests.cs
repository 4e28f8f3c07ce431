using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sandcastle.Sessions.Tests.Http;

/// <summary>Snapshots over HTTP on a real server: take, restore, fork, delete, and stored archives that were tampered with.</summary>
public sealed class SnapshotApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = fixture.Client;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_snapshot_restores_rolls_back_forks_and_deletes()
    {
        await _client.PutAsync("/v1/sandboxes/snap-a", null, _ct);
        await _client.PutAsync("/v1/sandboxes/snap-a/files/a.txt", new StringContent("v1"), _ct);
        await Exec("snap-a", "mkdir -p deep/er && echo inner > deep/er/x && ln -s ../../a.txt deep/er/link && chmod 700 deep");

        var created = await _client.PostAsync("/v1/sandboxes/snap-a/snapshots", null, _ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var snapshot = await created.Content.ReadFromJsonAsync<JsonElement>(_ct);
        var id = snapshot.GetProperty("id").GetString()!;
        Assert.Equal($"/v1/sandboxes/snap-a/snapshots/{id}", created.Headers.Location!.OriginalString);
        Assert.True(snapshot.GetProperty("size").GetInt64() > 0);
        Assert.True(DateTimeOffset.UtcNow - snapshot.GetProperty("createdAt").GetDateTimeOffset() < TimeSpan.FromMinutes(5));

        await _client.PutAsync("/v1/sandboxes/snap-a/files/a.txt", new StringContent("v2"), _ct);
        await Exec("snap-a", "echo later > b.txt && rm -r deep");
        var list = await _client.GetFromJsonAsync<JsonElement>("/v1/sandboxes/snap-a/snapshots", _ct);
        Assert.Equal([id], list.GetProperty("snapshots").EnumerateArray().Select(s => s.GetProperty("id").GetString()));

        var restored = await _client.PostAsync($"/v1/sandboxes/snap-a/snapshots/{id}/restore", null, _ct);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal("v1", await _client.GetStringAsync("/v1/sandboxes/snap-a/files/a.txt", _ct));
        await SandboxesApiTests.AssertError(await _client.GetAsync("/v1/sandboxes/snap-a/files/b.txt", _ct), HttpStatusCode.NotFound, "file_not_found");
        Assert.Equal("inner\nv1 700\n", await Exec("snap-a", "cat deep/er/x; echo $(cat deep/er/link) $(stat -c %a deep)"));

        var fork = await _client.PutAsJsonAsync("/v1/sandboxes/snap-fork", new { fromSnapshot = id, labels = new { from = "snap-a" } }, _ct);
        Assert.Equal(HttpStatusCode.Created, fork.StatusCode);
        Assert.Equal("v1inner\n", await Exec("snap-fork", "cat a.txt deep/er/x"));
        await _client.PutAsync("/v1/sandboxes/snap-fork/files/a.txt", new StringContent("forked"), _ct);
        Assert.Equal("v1", await _client.GetStringAsync("/v1/sandboxes/snap-a/files/a.txt", _ct));
        await SandboxesApiTests.AssertError(await _client.PutAsJsonAsync("/v1/sandboxes/snap-fork", new { fromSnapshot = id }, _ct), HttpStatusCode.Conflict, "conflict");

        // The snapshot belongs to snap-a: the fork lists none and cannot delete it.
        var forkList = await _client.GetFromJsonAsync<JsonElement>("/v1/sandboxes/snap-fork/snapshots", _ct);
        Assert.Empty(forkList.GetProperty("snapshots").EnumerateArray());
        await SandboxesApiTests.AssertError(await _client.DeleteAsync($"/v1/sandboxes/snap-fork/snapshots/{id}", _ct), HttpStatusCode.NotFound, "not_found");

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/v1/sandboxes/snap-a/snapshots/{id}", _ct)).StatusCode);
        list = await _client.GetFromJsonAsync<JsonElement>("/v1/sandboxes/snap-a/snapshots", _ct);
        Assert.Empty(list.GetProperty("snapshots").EnumerateArray());
        await SandboxesApiTests.AssertError(await _client.PostAsync($"/v1/sandboxes/snap-a/snapshots/{id}/restore", null, _ct), HttpStatusCode.NotFound, "not_found");
        await SandboxesApiTests.AssertError(await _client.DeleteAsync($"/v1/sandboxes/snap-a/snapshots/{id}", _ct), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Bad_ids_unknown_snapshots_and_unknown_sandboxes_get_clear_errors()
    {
        await _client.PutAsync("/v1/sandboxes/snap-errors", null, _ct);
        await SandboxesApiTests.AssertError(await _client.PostAsync("/v1/sandboxes/snap-errors/snapshots/..%2F..%2Fetc/restore", null, _ct), HttpStatusCode.BadRequest, "bad_request");
        await SandboxesApiTests.AssertError(await _client.PostAsync("/v1/sandboxes/snap-errors/snapshots/Bad_Id/restore", null, _ct), HttpStatusCode.BadRequest, "bad_request");
        await SandboxesApiTests.AssertError(await _client.PostAsync("/v1/sandboxes/snap-errors/snapshots/snap-nothing/restore", null, _ct), HttpStatusCode.NotFound, "not_found");
        await SandboxesApiTests.AssertError(await _client.PostAsync("/v1/sandboxes/snap-missing/snapshots", null, _ct), HttpStatusCode.NotFound, "not_found");
        await SandboxesApiTests.AssertError(await _client.GetAsync("/v1/sandboxes/snap-missing/snapshots", _ct), HttpStatusCode.NotFound, "not_found");
        await SandboxesApiTests.AssertError(await _client.PutAsJsonAsync("/v1/sandboxes/snap-nofork", new { fromSnapshot = "snap-nothing" }, _ct), HttpStatusCode.NotFound, "not_found");
        await SandboxesApiTests.AssertError(await _client.GetAsync("/v1/sandboxes/snap-nofork", _ct), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_tampered_snapshot_is_refused_and_changes_nothing()
    {
        await _client.PutAsync("/v1/sandboxes/snap-tamper", null, _ct);
        await _client.PutAsync("/v1/sandboxes/snap-tamper/files/mine.txt", new StringContent("mine"), _ct);
        var id = (await (await _client.PostAsync("/v1/sandboxes/snap-tamper/snapshots", null, _ct)).Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("id").GetString()!;

        // Whoever can write the store swaps in an archive with a link out and a file written through it.
        var stored = Path.Combine(fixture.DataRoot, "snapshots", "default", id + ".tar.gz");
        Assert.True(File.Exists(stored));
        await using (var file = File.Create(stored))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "ok.txt") { DataStream = new MemoryStream("ok"u8.ToArray()) }, _ct);
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, "etc") { LinkName = "/etc" }, _ct);
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "etc/sandcastle-pwned") { DataStream = new MemoryStream("x"u8.ToArray()) }, _ct);
        }

        var refused = await _client.PostAsync($"/v1/sandboxes/snap-tamper/snapshots/{id}/restore", null, _ct);
        await SandboxesApiTests.AssertError(refused, HttpStatusCode.UnprocessableEntity, "unprocessable");
        Assert.Equal("mine.txt\n", await Exec("snap-tamper", "ls -A"));
        Assert.False(File.Exists("/etc/sandcastle-pwned"));

        await SandboxesApiTests.AssertError(await _client.PutAsJsonAsync("/v1/sandboxes/snap-tamper-fork", new { fromSnapshot = id }, _ct), HttpStatusCode.UnprocessableEntity, "unprocessable");
        await SandboxesApiTests.AssertError(await _client.GetAsync("/v1/sandboxes/snap-tamper-fork", _ct), HttpStatusCode.NotFound, "not_found");
    }

    private async Task<string> Exec(string id, string command)
    {
        var response = await _client.PostAsJsonAsync($"/v1/sandboxes/{id}/exec", new { command }, _ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.True(body.GetProperty("success").GetBoolean(), body.ToString());
        return body.GetProperty("stdout").GetString()!;
    }
}

/// <summary>Snapshot ids are per tenant: another tenant cannot list, restore, fork or delete them.</summary>
public sealed class SnapshotTenancyTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Another_tenant_cannot_use_a_snapshot()
    {
        var dataRoot = Directory.CreateTempSubdirectory("sandcastle-sessions-").FullName;
        try
        {
            await using var server = await SandboxServer.StartAsync(dataRoot, new Dictionary<string, string?> { ["SANDCASTLE_API_KEYS"] = "key-alice, key-bob" });
            using var alice = server.CreateClient("key-alice");
            using var bob = server.CreateClient("key-bob");
            await alice.PutAsync("/v1/sandboxes/private", null, _ct);
            await alice.PutAsync("/v1/sandboxes/private/files/secret.txt", new StringContent("alice's"), _ct);
            var id = (await (await alice.PostAsync("/v1/sandboxes/private/snapshots", null, _ct)).Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("id").GetString()!;

            await bob.PutAsync("/v1/sandboxes/private", null, _ct);
            Assert.Empty((await bob.GetFromJsonAsync<JsonElement>("/v1/sandboxes/private/snapshots", _ct)).GetProperty("snapshots").EnumerateArray());
            await SandboxesApiTests.AssertError(await bob.PostAsync($"/v1/sandboxes/private/snapshots/{id}/restore", null, _ct), HttpStatusCode.NotFound, "not_found");
            await SandboxesApiTests.AssertError(await bob.PutAsJsonAsync("/v1/sandboxes/stolen", new { fromSnapshot = id }, _ct), HttpStatusCode.NotFound, "not_found");
            await SandboxesApiTests.AssertError(await bob.DeleteAsync($"/v1/sandboxes/private/snapshots/{id}", _ct), HttpStatusCode.NotFound, "not_found");
            await SandboxesApiTests.AssertError(await bob.GetAsync("/v1/sandboxes/private/files/secret.txt", _ct), HttpStatusCode.NotFound, "file_not_found");

            var fork = await alice.PutAsJsonAsync("/v1/sandboxes/mine-too", new { fromSnapshot = id }, _ct);
            Assert.Equal(HttpStatusCode.Created, fork.StatusCode);
            Assert.Equal("alice's", await alice.GetStringAsync("/v1/sandboxes/mine-too/files/secret.txt", _ct));
        }
        finally
        {
            Directory.Delete(dataRoot, recursive: true);
        }
    }
}
