using System.Net.Http.Json;
using System.Text.Json;

namespace Sandcastle.Sessions.Tests.Http;

public sealed class PersistenceTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Files_and_metadata_survive_a_server_restart()
    {
        var dataRoot = Directory.CreateTempSubdirectory("sandcastle-sessions-").FullName;
        try
        {
            await using (var server = await SandboxServer.StartAsync(dataRoot))
            {
                await server.Client.PutAsJsonAsync("/v1/sandboxes/durable", new { labels = new Dictionary<string, string> { ["k"] = "v" }, sleepAfter = 120 }, _ct);
                await server.Client.PutAsJsonAsync("/v1/sandboxes/durable/env", new Dictionary<string, string> { ["WHO"] = "me" }, _ct);
                await server.Client.PostAsJsonAsync("/v1/sandboxes/durable/exec", new { command = "echo kept > note.txt" }, _ct);
            }
            await using (var server = await SandboxServer.StartAsync(dataRoot))
            {
                var sandbox = await server.Client.GetFromJsonAsync<JsonElement>("/v1/sandboxes/durable", _ct);
                Assert.Equal("v", sandbox.GetProperty("labels").GetProperty("k").GetString());
                Assert.Equal(120, sandbox.GetProperty("sleepAfter").GetDouble());
                var run = await (await server.Client.PostAsJsonAsync("/v1/sandboxes/durable/exec", new { command = "cat note.txt; echo $WHO" }, _ct)).Content.ReadFromJsonAsync<JsonElement>(_ct);
                Assert.Equal("kept\nme\n", run.GetProperty("stdout").GetString());
            }
        }
        finally
        {
            Directory.Delete(dataRoot, recursive: true);
        }
    }

    [Fact]
    public async Task Sleeping_sandbox_wakes_with_its_files()
    {
        var dataRoot = Directory.CreateTempSubdirectory("sandcastle-sessions-").FullName;
        try
        {
            await using var server = await SandboxServer.StartAsync(dataRoot);
            await server.Client.PutAsJsonAsync("/v1/sandboxes/nap", new { sleepAfter = "1s" }, _ct);
            await server.Client.PostAsJsonAsync("/v1/sandboxes/nap/exec", new { command = "echo zzz > dream.txt" }, _ct);
            var start = await server.Client.PostAsJsonAsync("/v1/sandboxes/nap/processes", new { command = "sleep 600" }, _ct);
            var pid = (await start.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("pid").GetInt32();
            await Task.Delay(TimeSpan.FromSeconds(2.5), _ct);
            Assert.False(Directory.Exists($"/proc/{pid}"), "sleeping stops the sandbox's processes");
            var processes = await server.Client.GetFromJsonAsync<JsonElement>("/v1/sandboxes/nap/processes", _ct);
            Assert.Equal(0, processes.GetProperty("processes").GetArrayLength());
            var run = await (await server.Client.PostAsJsonAsync("/v1/sandboxes/nap/exec", new { command = "cat dream.txt" }, _ct)).Content.ReadFromJsonAsync<JsonElement>(_ct);
            Assert.Equal("zzz\n", run.GetProperty("stdout").GetString());
        }
        finally
        {
            Directory.Delete(dataRoot, recursive: true);
        }
    }
}
