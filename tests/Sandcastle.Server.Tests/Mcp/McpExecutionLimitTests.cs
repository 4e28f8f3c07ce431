using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandcastle.Testing;
using Sandcastle.Testing.Mcp;

namespace Sandcastle.Server.Tests.Mcp;

/// <summary>
/// MCP runs count against the tenant's concurrency limit like HTTP execs: the official MCP client over Streamable
/// HTTP and the REST API, one tenant with one permit.
/// </summary>
public sealed class McpExecutionLimitTests : IAsyncLifetime
{
    private const string Key = "mcp-limit-key";
    private readonly DirectoryInfo _dataRoot = Directory.CreateTempSubdirectory("sandcastle-mcp-limit-");
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private SandcastleTestServer _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await SandcastleTestServer.StartAsync(_dataRoot.FullName, new Dictionary<string, string?>
        {
            ["SANDCASTLE_API_KEYS"] = Key,
            ["Tenancy:MaxConcurrentExecutions"] = "1",
        });

    [Fact]
    public async Task Mcp_runs_hold_the_tenants_permit_and_are_refused_past_the_limit()
    {
        await using var mcp = await ModelContextProtocol.Client.McpClient.CreateAsync(new ModelContextProtocol.Client.HttpClientTransport(new()
        {
            Endpoint = new Uri(_server.Address, "/mcp"),
            TransportMode = ModelContextProtocol.Client.HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {Key}" },
        }), cancellationToken: _ct);
        using var http = _server.CreateClient(Key);
        (await http.PutAsJsonAsync("/v1/sandboxes/limit-http", new { }, _ct)).EnsureSuccessStatusCode();

        // While an MCP run runs, it holds the tenant's one permit: an HTTP exec is refused with 429.
        var run = McpScenarios.CallAsync(mcp, "run_shell", new() { ["sandboxId"] = "limit-mcp", ["command"] = "touch started; sleep 8; echo slept" }, _ct);
        await WaitForFileAsync(http, "/v1/sandboxes/limit-mcp/files/started", run);
        using (var refused = await http.PostAsJsonAsync("/v1/sandboxes/limit-http/exec", new { command = "true" }, _ct))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Contains("retry when one ends", await refused.Content.ReadAsStringAsync(_ct));
        }
        var finished = await run;
        Assert.NotEqual(true, finished.IsError);
        Assert.Contains("slept", McpScenarios.Text(finished));

        // A background process started over HTTP holds it now: every MCP run tool is refused, saying to retry,
        // and a refused run without a sandbox leaves none behind.
        (await http.PostAsJsonAsync("/v1/sandboxes/limit-http/processes", new { command = "sleep 120", processId = "holder" }, _ct)).EnsureSuccessStatusCode();
        var before = await SandboxIdsAsync(http);
        foreach (var (tool, arguments) in new (string, Dictionary<string, object?>)[]
        {
            ("run_shell", new() { ["command"] = "echo hi" }),
            ("run_code", new() { ["language"] = "python", ["code"] = "print(1)" }),
            ("run_cell", new() { ["sandboxId"] = "limit-mcp", ["code"] = "1+1" }),
        })
        {
            var busy = await McpScenarios.CallAsync(mcp, tool, arguments, _ct);
            Assert.True(busy.IsError, tool);
            Assert.Contains("retry when one ends", McpScenarios.Text(busy), StringComparison.Ordinal);
        }
        Assert.Equal(before, await SandboxIdsAsync(http));

        // Once the process is gone the permit is back.
        (await http.DeleteAsync("/v1/sandboxes/limit-http/processes/holder", _ct)).EnsureSuccessStatusCode();
        var again = await McpScenarios.CallAsync(mcp, "run_shell", new() { ["sandboxId"] = "limit-mcp", ["command"] = "echo again" }, _ct);
        Assert.NotEqual(true, again.IsError);
        Assert.Contains("again", McpScenarios.Text(again));
    }

    private async Task<string[]> SandboxIdsAsync(HttpClient http)
    {
        var list = await http.GetFromJsonAsync<JsonElement>("/v1/sandboxes", _ct);
        return [.. list.GetProperty("sandboxes").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];
    }

    /// <summary>Waits (bounded) until the run has made the file, failing early if the run ends first.</summary>
    private async Task WaitForFileAsync(HttpClient http, string path, Task run)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !run.IsCompleted)
        {
            using var response = await http.GetAsync(path, _ct);
            if (response.IsSuccessStatusCode)
                return;
            await Task.Delay(50, _ct);
        }
        Assert.Fail(run.IsCompleted ? "The MCP run ended before it had started its command." : "The MCP run did not start its command in time.");
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _dataRoot.Delete(recursive: true);
    }
}
