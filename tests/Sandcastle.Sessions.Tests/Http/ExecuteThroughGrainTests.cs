using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandcastle.Testing;

namespace Sandcastle.Sessions.Tests.Http;

public sealed class ExecuteThroughGrainTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Execute_with_a_sandbox_id_uses_the_durable_sandbox()
    {
        var dataRoot = Directory.CreateTempSubdirectory("sandcastle-sessions-").FullName;
        try
        {
            await using var model = await FakeAnthropicServer.StartAsync(_ct);
            await using var server = await SandboxServer.StartAsync(dataRoot, new Dictionary<string, string?>
            {
                ["Generation:BaseUrl"] = model.BaseUrl,
                ["Generation:ApiKey"] = "sk-ant-test",
            });
            model.EnqueueText("```python\nopen('answer.txt', 'w').write(str(2**10))\nprint('saved')\n```");

            var response = await server.Client.PostAsJsonAsync("/execute", new { question = "Save 2^10", sandboxId = "seeded" }, _ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
            Assert.Equal("saved\n", body.GetProperty("output").GetString());

            // The same sandbox is now a durable one: listed, with the program's file in its workspace.
            var sandbox = await server.Client.GetAsync("/v1/sandboxes/seeded", _ct);
            Assert.Equal(HttpStatusCode.OK, sandbox.StatusCode);
            Assert.Equal("1024", await server.Client.GetStringAsync("/v1/sandboxes/seeded/files/answer.txt", _ct));
        }
        finally
        {
            Directory.Delete(dataRoot, recursive: true);
        }
    }
}
