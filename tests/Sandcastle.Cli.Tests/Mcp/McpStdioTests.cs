using Sandcastle.Testing.Mcp;

namespace Sandcastle.Cli.Tests.Mcp;

/// <summary><c>sandcastle mcp</c> over stdio: the same scenarios as the server's /mcp, against the embedded engine.</summary>
public sealed class McpStdioTests(McpStdioFixture fixture) : IClassFixture<McpStdioFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public Task Tools_are_listed_with_schemas_and_annotations() => McpScenarios.ToolsAreListedWithSchemasAndAnnotationsAsync(fixture.Client, _ct);

    [Fact]
    public Task Print_runs_and_answers_42() => McpScenarios.PrintRunsAndAnswers42Async(fixture.Client, _ct);

    [Fact]
    public Task Chart_comes_back_as_an_image() => McpScenarios.ChartComesBackAsImageAsync(fixture.Client, _ct);

    [Fact]
    public Task File_written_by_one_tool_is_read_by_another() => McpScenarios.FileWrittenByOneToolIsReadByAnotherAsync(fixture.Client, "mcp-stdio-files", _ct);

    [Fact]
    public Task Progress_arrives_during_a_slow_run() => McpScenarios.ProgressArrivesDuringASlowRunAsync(fixture.Client, _ct);

    [Fact]
    public Task Cancel_stops_the_run() => McpScenarios.CancelStopsTheRunAsync(fixture.Client, "mcp-stdio-cancel", _ct);

    [Fact]
    public Task Failures_are_tool_errors_a_model_can_read() => McpScenarios.FailuresAreToolErrorsAModelCanReadAsync(fixture.Client, "mcp-stdio-errors", _ct);
}
