using System.Net.Http.Json;
using System.Text.Json;
using Sandcastle.Cli.Tests.Infrastructure;

namespace Sandcastle.Cli.Tests.Sandboxes;

/// <summary>
/// An agent's <c>node script.js</c> over the real server's HTTP API: after its first runs, the fork server runs it in a
/// Node warmed for commands, and every run gets what a fresh <c>node</c> gives.
/// </summary>
public sealed class NodeCommandHttpTests : IAsyncLifetime
{
    private InProcessServer _server = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await InProcessServer.StartAsync(new Dictionary<string, string?>());
        _http = new HttpClient { BaseAddress = new Uri(_server.Url + "/") };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ANodeCommand_OverHttp_GetsItsArgumentsStdinEnvironmentAndExitCode_AndRunsWarm()
    {
        var ct = TestContext.Current.CancellationToken;
        (await _http.PutAsJsonAsync("v1/sandboxes/node-cmd", new { }, ct)).EnsureSuccessStatusCode();
        // Whether its Node was warm: a warm Node's main module starts from a tick, a fresh one's from Node's entry point.
        var written = await ExecAsync(new
        {
            command = "mkdir -p tools && echo 'console.log(JSON.stringify(process.argv), __filename, process.env.GREETING); console.error(new Error().stack.includes(\"processTicksAndRejections\") ? \"warm\" : \"cold\"); process.exit(Number(require(\"fs\").readFileSync(0, \"utf8\")))' > tools/greet.js",
        });
        Assert.Equal(0, written.GetProperty("exitCode").GetInt32());

        var kinds = new List<string>();
        // The first runs may find no Node warmed for commands yet (new ones follow this tenant's runs), so a few, apart.
        for (var run = 0; run < 20 && !kinds.Contains("warm\n"); run++)
        {
            await Task.Delay(250, ct);
            var result = await ExecAsync(new { command = "node tools/greet.js a 'b c'", stdin = "3", env = new Dictionary<string, string> { ["GREETING"] = "hi" } });
            Assert.Equal(("[\"/usr/bin/node\",\"/workspace/tools/greet.js\",\"a\",\"b c\"] /workspace/tools/greet.js hi\n", 3),
                (result.GetProperty("stdout").GetString(), result.GetProperty("exitCode").GetInt32()));
            kinds.Add(result.GetProperty("stderr").GetString()!);
        }
        Assert.Contains("warm\n", kinds);
    }

    private async Task<JsonElement> ExecAsync(object body)
    {
        using var response = await _http.PostAsJsonAsync("v1/sandboxes/node-cmd/exec", body, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement;
    }
}
