using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandcastle.Testing;

namespace Sandcastle.Sessions.Tests.Http;

public sealed class ExecuteTenancyTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Execute_needs_a_key_and_keeps_each_tenants_named_sandboxes_apart()
    {
        var dataRoot = Directory.CreateTempSubdirectory("sandcastle-sessions-").FullName;
        try
        {
            await using var model = await FakeAnthropicServer.StartAsync(_ct);
            await using var server = await SandboxServer.StartAsync(dataRoot, new Dictionary<string, string?>
            {
                ["SANDCASTLE_API_KEYS"] = "key-alice, key-bob",
                ["Generation:BaseUrl"] = model.BaseUrl,
                ["Generation:ApiKey"] = "sk-ant-test",
            });
            using var alice = server.CreateClient("key-alice");
            using var bob = server.CreateClient("key-bob");

            var anonymous = await server.Client.PostAsJsonAsync("/execute", new { question = "What is 2^10?" }, _ct);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Empty(model.Requests);

            model.EnqueueText("```python\nopen('diary.txt', 'w').write('alice was here')\nprint('written')\n```");
            var written = await alice.PostAsJsonAsync("/execute", new { question = "Write my diary", sandboxId = "notes" }, _ct);
            Assert.Equal("written\n", (await written.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("output").GetString());

            model.EnqueueText("```python\nimport os\nprint(os.path.exists('diary.txt'))\n```");
            var peek = await bob.PostAsJsonAsync("/execute", new { question = "Is there a diary?", sandboxId = "notes", maxAttempts = 1 }, _ct);
            Assert.Equal("False\n", (await peek.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("output").GetString());

            Assert.Equal("alice was here", await alice.GetStringAsync("/v1/sandboxes/notes/files/diary.txt", _ct));
            Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync("/v1/sandboxes/notes/files/diary.txt", _ct)).StatusCode);
        }
        finally
        {
            Directory.Delete(dataRoot, recursive: true);
        }
    }
}
