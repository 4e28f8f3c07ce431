using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandcastle.Testing.Mcp;

namespace Sandcastle.Server.Tests.Mcp;

/// <summary>The MCP server at /mcp, driven by the official C# MCP client over Streamable HTTP.</summary>
public sealed class McpHttpTests(McpHttpFixture fixture) : IClassFixture<McpHttpFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public Task Tools_are_listed_with_schemas_and_annotations() => McpScenarios.ToolsAreListedWithSchemasAndAnnotationsAsync(fixture.Client, _ct);

    [Fact]
    public Task Print_runs_and_answers_42() => McpScenarios.PrintRunsAndAnswers42Async(fixture.Client, _ct);

    [Fact]
    public Task Chart_comes_back_as_an_image() => McpScenarios.ChartComesBackAsImageAsync(fixture.Client, _ct);

    [Fact]
    public Task File_written_by_one_tool_is_read_by_another() => McpScenarios.FileWrittenByOneToolIsReadByAnotherAsync(fixture.Client, "mcp-http-files", _ct);

    [Fact]
    public Task Progress_arrives_during_a_slow_run() => McpScenarios.ProgressArrivesDuringASlowRunAsync(fixture.Client, _ct);

    [Fact]
    public Task Cancel_stops_the_run() => McpScenarios.CancelStopsTheRunAsync(fixture.Client, "mcp-http-cancel", _ct);

    [Fact]
    public Task Failures_are_tool_errors_a_model_can_read() => McpScenarios.FailuresAreToolErrorsAModelCanReadAsync(fixture.Client, "mcp-http-errors", _ct);

    [Theory]
    [InlineData("wrong-key")]
    [InlineData(null)]
    public async Task Wrong_or_missing_key_is_refused_at_mcp(string? key)
    {
        using var http = fixture.Server.CreateClient(key);
        using var response = await http.PostAsJsonAsync("/mcp", new { jsonrpc = "2.0", id = 1, method = "tools/list" }, _ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Equal("unauthorized", body.GetProperty("code").GetString());
        await Assert.ThrowsAnyAsync<Exception>(() => fixture.ConnectAsync(key ?? "", _ct));
    }

    [Fact]
    public async Task Each_key_sees_only_its_own_sandboxes()
    {
        await McpScenarios.CallAsync(fixture.Client, "create_sandbox", new() { ["sandboxId"] = "mcp-tenant-a-only" }, _ct);
        await McpScenarios.CallAsync(fixture.Client, "write_file", new() { ["sandboxId"] = "mcp-tenant-a-only", ["path"] = "secret.txt", ["content"] = "a's" }, _ct);
        await using var other = await fixture.ConnectAsync(McpHttpFixture.KeyB, _ct);
        var listed = await McpScenarios.CallAsync(other, "list_sandboxes", [], _ct);
        Assert.DoesNotContain("mcp-tenant-a-only", McpScenarios.Text(listed), StringComparison.Ordinal);
        var read = await McpScenarios.CallAsync(other, "read_file", new() { ["sandboxId"] = "mcp-tenant-a-only", ["path"] = "secret.txt" }, _ct);
        Assert.True(read.IsError);
        Assert.DoesNotContain("a's", McpScenarios.Text(read), StringComparison.Ordinal);
        var mine = await McpScenarios.CallAsync(fixture.Client, "list_sandboxes", [], _ct);
        Assert.Contains("mcp-tenant-a-only", McpScenarios.Text(mine), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Background_process_is_started_read_and_stopped()
    {
        var started = await McpScenarios.CallAsync(fixture.Client, "start_process", new()
        {
            ["sandboxId"] = "mcp-http-procs", ["command"] = "echo serving; while true; do sleep 0.2; done", ["processId"] = "web",
        }, _ct);
        Assert.Contains("started process web", McpScenarios.Text(started), StringComparison.Ordinal);
        var logs = "";
        for (var i = 0; i < 50 && !logs.Contains("serving", StringComparison.Ordinal); i++)
        {
            logs = McpScenarios.Text(await McpScenarios.CallAsync(fixture.Client, "process_logs", new() { ["sandboxId"] = "mcp-http-procs", ["processId"] = "web" }, _ct));
            await Task.Delay(100, _ct);
        }
        Assert.Contains("running", logs, StringComparison.Ordinal);
        Assert.Contains("serving", logs, StringComparison.Ordinal);
        var stopped = await McpScenarios.CallAsync(fixture.Client, "stop_process", new() { ["sandboxId"] = "mcp-http-procs", ["processId"] = "web" }, _ct);
        Assert.Contains("killed", McpScenarios.Text(stopped), StringComparison.Ordinal);
        var gone = await McpScenarios.CallAsync(fixture.Client, "process_logs", new() { ["sandboxId"] = "mcp-http-procs", ["processId"] = "web" }, _ct);
        Assert.True(gone.IsError);
    }

    [Fact]
    public async Task Cell_state_persists_in_its_context_and_sandboxes_are_deleted()
    {
        var first = await McpScenarios.CallAsync(fixture.Client, "run_cell", new() { ["sandboxId"] = "mcp-http-cells", ["code"] = "total = 40" }, _ct);
        var contextId = System.Text.RegularExpressions.Regex.Match(McpScenarios.Text(first), "new context (\\S+):").Groups[1].Value;
        Assert.NotEmpty(contextId);
        var second = await McpScenarios.CallAsync(fixture.Client, "run_cell", new() { ["sandboxId"] = "mcp-http-cells", ["contextId"] = contextId, ["code"] = "total + 2" }, _ct);
        Assert.Contains("result: 42", McpScenarios.Text(second), StringComparison.Ordinal);

        var deleted = await McpScenarios.CallAsync(fixture.Client, "delete_sandbox", new() { ["sandboxId"] = "mcp-http-cells" }, _ct);
        Assert.NotEqual(true, deleted.IsError);
        Assert.DoesNotContain("mcp-http-cells", McpScenarios.Text(await McpScenarios.CallAsync(fixture.Client, "list_sandboxes", [], _ct)), StringComparison.Ordinal);
    }
}
