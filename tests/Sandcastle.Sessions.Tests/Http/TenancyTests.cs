using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sandcastle.Sessions.Tests.Http;

public sealed class TenancyTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tenants_cannot_see_each_others_sandboxes_and_keys_are_required()
    {
        var dataRoot = Directory.CreateTempSubdirectory("sandcastle-sessions-").FullName;
        try
        {
            await using var server = await SandboxServer.StartAsync(dataRoot, new Dictionary<string, string?> { ["SANDCASTLE_API_KEYS"] = "key-alice, key-bob" });
            using var alice = server.CreateClient("key-alice");
            using var bob = server.CreateClient("key-bob");
            using var stranger = server.CreateClient("key-mallory");

            await SandboxesApiTests.AssertError(await server.Client.GetAsync("/v1/sandboxes", _ct), HttpStatusCode.Unauthorized, "unauthorized");
            await SandboxesApiTests.AssertError(await stranger.GetAsync("/v1/sandboxes", _ct), HttpStatusCode.Unauthorized, "unauthorized");

            Assert.Equal(HttpStatusCode.Created, (await alice.PutAsync("/v1/sandboxes/shared-name", null, _ct)).StatusCode);
            await alice.PostAsJsonAsync("/v1/sandboxes/shared-name/exec", new { command = "echo alice > secret.txt" }, _ct);
            await alice.PostAsJsonAsync("/v1/sandboxes/shared-name/processes", new { command = "sleep 600", processId = "p" }, _ct);

            await SandboxesApiTests.AssertError(await bob.GetAsync("/v1/sandboxes/shared-name", _ct), HttpStatusCode.NotFound, "not_found");
            await SandboxesApiTests.AssertError(await bob.PostAsJsonAsync("/v1/sandboxes/shared-name/exec", new { command = "true" }, _ct), HttpStatusCode.NotFound, "not_found");
            await SandboxesApiTests.AssertError(await bob.GetAsync("/v1/sandboxes/shared-name/processes/p", _ct), HttpStatusCode.NotFound, "not_found");
            await SandboxesApiTests.AssertError(await bob.DeleteAsync("/v1/sandboxes/shared-name", _ct), HttpStatusCode.NotFound, "not_found");
            var bobs = await bob.GetFromJsonAsync<JsonElement>("/v1/sandboxes", _ct);
            Assert.Equal(0, bobs.GetProperty("sandboxes").GetArrayLength());

            // Bob's sandbox of the same name is his own, with its own files.
            await bob.PutAsync("/v1/sandboxes/shared-name", null, _ct);
            var run = await (await bob.PostAsJsonAsync("/v1/sandboxes/shared-name/exec", new { command = "cat secret.txt" }, _ct)).Content.ReadFromJsonAsync<JsonElement>(_ct);
            Assert.NotEqual(0, run.GetProperty("exitCode").GetInt32());
            Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync("/v1/sandboxes/shared-name", _ct)).StatusCode);
        }
        finally
        {
            Directory.Delete(dataRoot, recursive: true);
        }
    }

    [Fact]
    public async Task Executions_past_the_tenant_limit_get_429()
    {
        var dataRoot = Directory.CreateTempSubdirectory("sandcastle-sessions-").FullName;
        try
        {
            await using var server = await SandboxServer.StartAsync(dataRoot, new Dictionary<string, string?>
            {
                ["Tenancy:MaxConcurrentExecutions"] = "1",
                ["Sessions:MaxSandboxesPerTenant"] = "1",
            });
            await server.Client.PutAsync("/v1/sandboxes/busy", null, _ct);
            await SandboxesApiTests.AssertError(await server.Client.PutAsync("/v1/sandboxes/one-too-many", null, _ct), HttpStatusCode.TooManyRequests, "too_many_sandboxes");

            using var first = await server.Client.SendAsync(Sse.Request(HttpMethod.Post, "/v1/sandboxes/busy/exec", new { command = "sleep 30" }), HttpCompletionOption.ResponseHeadersRead, _ct);
            await SandboxesApiTests.AssertError(await server.Client.PostAsJsonAsync("/v1/sandboxes/busy/exec", new { command = "true" }, _ct), HttpStatusCode.TooManyRequests, "too_many_requests");
        }
        finally
        {
            Directory.Delete(dataRoot, recursive: true);
        }
    }

    [Fact]
    public async Task Server_without_keys_refuses_to_listen_beyond_loopback()
    {
        var dataRoot = Directory.CreateTempSubdirectory("sandcastle-sessions-").FullName;
        try
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => SandboxServer.StartAsync(dataRoot, url: "http://0.0.0.0:0"));
            Assert.Contains("SANDCASTLE_API_KEYS", refused.Message);
        }
        finally
        {
            Directory.Delete(dataRoot, recursive: true);
        }
    }
}
