using System.Diagnostics;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Sandcastle.Testing.Mcp;

/// <summary>
/// What an agent does with Sandcastle over MCP, asserted as the agent sees it. Linked into the HTTP tests (server)
/// and the stdio tests (the real CLI process), so both transports pass the same scenarios.
/// </summary>
public static class McpScenarios
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static async Task ToolsAreListedWithSchemasAndAnnotationsAsync(McpClient client, CancellationToken cancellationToken)
    {
        var tools = (await client.ListToolsAsync(cancellationToken: cancellationToken)).ToDictionary(t => t.Name);
        Assert.Superset(
            new HashSet<string> { "run_code", "run_shell", "run_cell", "create_sandbox", "list_sandboxes", "delete_sandbox",
                "list_files", "read_file", "write_file", "start_process", "process_logs", "stop_process" },
            tools.Keys.ToHashSet());
        var runCode = tools["run_code"].ProtocolTool;
        Assert.Contains("sandbox", runCode.Description, StringComparison.OrdinalIgnoreCase);
        var required = runCode.InputSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ToHashSet();
        Assert.Equal(["language", "code"], required);
        Assert.True(runCode.InputSchema.GetProperty("properties").TryGetProperty("sandboxId", out _));
        Assert.True(tools["delete_sandbox"].ProtocolTool.Annotations?.DestructiveHint);
        Assert.True(tools["list_files"].ProtocolTool.Annotations?.ReadOnlyHint);
        Assert.False(tools["run_code"].ProtocolTool.Annotations?.ReadOnlyHint);
    }

    public static async Task PrintRunsAndAnswers42Async(McpClient client, CancellationToken cancellationToken)
    {
        var result = await CallAsync(client, "run_code", new() { ["language"] = "python", ["code"] = "print(6*7)" }, cancellationToken);
        Assert.NotEqual(true, result.IsError);
        var text = Text(result);
        Assert.Contains("exit code 0", text, StringComparison.Ordinal);
        Assert.Contains("42\n", text, StringComparison.Ordinal);
    }

    public static async Task ChartComesBackAsImageAsync(McpClient client, CancellationToken cancellationToken)
    {
        var result = await CallAsync(client, "run_code", new()
        {
            ["language"] = "python",
            ["code"] = "import matplotlib.pyplot as plt\nplt.plot([1, 4, 9, 16])\nplt.title('squares')\nplt.show()",
        }, cancellationToken);
        Assert.NotEqual(true, result.IsError);
        var image = Assert.Single(result.Content.OfType<ImageContentBlock>());
        Assert.Equal("image/png", image.MimeType);
        var bytes = image.DecodedData.ToArray();
        Assert.Equal(PngSignature, bytes[..8]);
        Assert.True(bytes.Length > 1000, $"a real figure, not {bytes.Length} bytes");
    }

    public static async Task FileWrittenByOneToolIsReadByAnotherAsync(McpClient client, string sandboxId, CancellationToken cancellationToken)
    {
        var written = await CallAsync(client, "write_file", new() { ["sandboxId"] = sandboxId, ["path"] = "data/in.txt", ["content"] = "from write_file\n" }, cancellationToken);
        Assert.NotEqual(true, written.IsError);
        var read = await CallAsync(client, "run_shell", new() { ["sandboxId"] = sandboxId, ["command"] = "cat data/in.txt && echo made by shell > out.txt" }, cancellationToken);
        Assert.Contains("from write_file", Text(read), StringComparison.Ordinal);
        var back = await CallAsync(client, "read_file", new() { ["sandboxId"] = sandboxId, ["path"] = "out.txt" }, cancellationToken);
        Assert.Equal("made by shell\n", Text(back));
        var listed = await CallAsync(client, "list_files", new() { ["sandboxId"] = sandboxId, ["recursive"] = true }, cancellationToken);
        Assert.Contains("data/in.txt", Text(listed), StringComparison.Ordinal);
        var resource = await client.ReadResourceAsync($"sandcastle://sandboxes/{sandboxId}/files/data/in.txt", cancellationToken: cancellationToken);
        Assert.Equal("from write_file\n", Assert.IsType<TextResourceContents>(Assert.Single(resource.Contents)).Text);
        var missing = await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync($"sandcastle://sandboxes/{sandboxId}/files/nope.txt", cancellationToken: cancellationToken).AsTask());
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
    }

    public static async Task ProgressArrivesDuringASlowRunAsync(McpClient client, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var seen = new List<(TimeSpan At, string? Message)>();
        var progress = new SynchronousProgress(value => { lock (seen) seen.Add((clock.Elapsed, value.Message)); });
        var result = await client.CallToolAsync("run_shell",
            new Dictionary<string, object?> { ["command"] = "for i in 1 2 3; do echo tick $i; sleep 1; done" }, progress, cancellationToken: cancellationToken);
        var ended = clock.Elapsed;
        Assert.Contains("tick 3", Text(result), StringComparison.Ordinal);
        List<(TimeSpan At, string? Message)> snapshot;
        lock (seen)
            snapshot = [.. seen];
        var first = snapshot.FirstOrDefault(p => p.Message?.Contains("tick 1", StringComparison.Ordinal) == true);
        Assert.True(first.Message is not null, $"no progress with the first output; saw {snapshot.Count} notifications");
        Assert.True(ended - first.At > TimeSpan.FromSeconds(1), $"progress came at {first.At}, the result at {ended}: not while it ran");
    }

    public static async Task CancelStopsTheRunAsync(McpClient client, string sandboxId, CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progress = new SynchronousProgress(value =>
        {
            if (value.Message?.Contains("counting", StringComparison.Ordinal) == true)
                cancel.CancelAfter(TimeSpan.FromMilliseconds(300));
        });
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CallToolAsync("run_shell",
            new Dictionary<string, object?> { ["sandboxId"] = sandboxId, ["command"] = "echo counting; i=0; while true; do i=$((i+1)); echo $i > counter.txt; sleep 0.1; done" },
            progress, cancellationToken: cancel.Token).AsTask());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"the cancelled call took {clock.Elapsed}");
        // The loop no longer runs in the sandbox: the counter stops moving.
        string before = "", after = "";
        for (var attempt = 0; attempt < 20; attempt++)
        {
            before = Text(await CallAsync(client, "read_file", new() { ["sandboxId"] = sandboxId, ["path"] = "counter.txt" }, cancellationToken));
            await Task.Delay(1000, cancellationToken);
            after = Text(await CallAsync(client, "read_file", new() { ["sandboxId"] = sandboxId, ["path"] = "counter.txt" }, cancellationToken));
            if (before == after)
                break;
        }
        Assert.Equal(before, after);
    }

    public static async Task FailuresAreToolErrorsAModelCanReadAsync(McpClient client, string sandboxId, CancellationToken cancellationToken)
    {
        var missing = await CallAsync(client, "read_file", new() { ["sandboxId"] = sandboxId, ["path"] = "no/such.txt" }, cancellationToken);
        Assert.True(missing.IsError);
        Assert.Contains("does not exist", Text(missing), StringComparison.Ordinal);
        var badId = await CallAsync(client, "run_shell", new() { ["sandboxId"] = "Not Valid!", ["command"] = "true" }, cancellationToken);
        Assert.True(badId.IsError);
        Assert.Contains("Not Valid!", Text(badId), StringComparison.Ordinal);
        var escape = await CallAsync(client, "write_file", new() { ["sandboxId"] = sandboxId, ["path"] = "../../etc/evil", ["content"] = "x" }, cancellationToken);
        Assert.True(escape.IsError);
        var failing = await CallAsync(client, "run_code", new() { ["language"] = "python", ["code"] = "1 / 0" }, cancellationToken);
        Assert.True(failing.IsError);
        Assert.Contains("ZeroDivisionError", Text(failing), StringComparison.Ordinal);
        var exitCode = await CallAsync(client, "run_shell", new() { ["command"] = "echo oops >&2; exit 3" }, cancellationToken);
        Assert.True(exitCode.IsError);
        Assert.Contains("exit code 3", Text(exitCode), StringComparison.Ordinal);
        Assert.Contains("oops", Text(exitCode), StringComparison.Ordinal);
    }

    public static Task<CallToolResult> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments, CancellationToken cancellationToken) =>
        client.CallToolAsync(tool, arguments, cancellationToken: cancellationToken).AsTask();

    public static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    /// <summary>Reports on the notifying thread (<see cref="Progress{T}"/> would post to a context and lose the order).</summary>
    private sealed class SynchronousProgress(Action<ProgressNotificationValue> report) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => report(value);
    }
}
