using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Sandcastle.Sessions.Contexts;
using Sandcastle.Sessions.Execution;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Mcp;

/// <summary>
/// Tools that run code: a program, a shell command, a cell of a stateful context. Output arrives as progress. Each
/// run holds one of the tenant's execution permits, taken before any sandbox is made for it.
/// </summary>
[McpServerToolType]
internal sealed class RunTools(McpCaller caller)
{
    private const string SandboxIdHelp =
        "A sandbox to run in (1-63 of a-z, 0-9, '-'); created if new, and its files stay between calls. Leave out for a fresh sandbox removed afterwards.";

    [McpServerTool(Name = "run_code", Title = "Run code in a sandbox", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Runs a program in an isolated Linux sandbox (no network, limited CPU, memory and time) and returns its stdout, stderr, "
        + "how it ended, and rich results: the value of the last expression, and matplotlib charts as PNG images. The working directory is /workspace. "
        + "Python has numpy, pandas and matplotlib. Variables do not persist between calls (use run_cell for that); files do in a named sandbox.")]
    public Task<CallToolResult> RunCode(
        [Description("python, javascript, typescript or bash.")] string language,
        [Description("The program's source code.")] string code,
        [Description(SandboxIdHelp)] string? sandboxId = null,
        [Description("Time limit in seconds; default: the sandbox's (30).")] double? timeoutSeconds = null,
        IProgress<ProgressNotificationValue>? progress = null,
        CancellationToken cancellationToken = default) =>
        ToolResults.GuardAsync(async () =>
        {
            using var permit = caller.TakeExecutionPermit();
            await using var lease = await caller.LeaseAsync(sandboxId);
            if (language.Trim().Equals("bash", StringComparison.OrdinalIgnoreCase) || language.Trim().Equals("sh", StringComparison.OrdinalIgnoreCase))
                return await ExecAsync(lease.Grain, new ExecCommand { Language = "bash", Code = code, TimeoutMs = Milliseconds(timeoutSeconds) }, progress, cancellationToken);
            // A throw-away context gives rich results (charts, values); deleting it kills its kernel, which also stops a cancelled run.
            var context = await lease.Grain.CreateContextAsync(language.Trim().ToLowerInvariant());
            try
            {
                return await RunCellAsync(lease.Grain, context.Id, code, timeoutSeconds, progress, contextNote: null, cancellationToken);
            }
            finally
            {
                await lease.Grain.DeleteContextAsync(context.Id);
            }
        });

    [McpServerTool(Name = "run_shell", Title = "Run a shell command in a sandbox", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Runs a shell command (sh -c) in an isolated Linux sandbox and returns stdout, stderr and the exit code. "
        + "The working directory is /workspace; python3, node, git and coreutils are there; there is no network.")]
    public Task<CallToolResult> RunShell(
        [Description("The command line, e.g. \"ls -la && python3 script.py\".")] string command,
        [Description(SandboxIdHelp)] string? sandboxId = null,
        [Description("Working directory relative to /workspace.")] string? cwd = null,
        [Description("Time limit in seconds; default: the sandbox's (30).")] double? timeoutSeconds = null,
        IProgress<ProgressNotificationValue>? progress = null,
        CancellationToken cancellationToken = default) =>
        ToolResults.GuardAsync(async () =>
        {
            using var permit = caller.TakeExecutionPermit();
            await using var lease = await caller.LeaseAsync(sandboxId);
            return await ExecAsync(lease.Grain, new ExecCommand { Command = command, WorkingDirectory = cwd, TimeoutMs = Milliseconds(timeoutSeconds) }, progress, cancellationToken);
        });

    [McpServerTool(Name = "run_cell", Title = "Run a cell in a stateful code context", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Runs code in a stateful interpreter (like a Jupyter notebook cell): variables, imports and functions persist between calls with the same contextId. "
        + "Leave out contextId to start a new context; the result names its id. Returns output, the last expression's value, charts as PNG images, and the error with its traceback. "
        + "Contexts live while the sandbox is awake (10 idle minutes by default).")]
    public Task<CallToolResult> RunCell(
        [Description("The sandbox of the context (1-63 of a-z, 0-9, '-'); created if new.")] string sandboxId,
        [Description("The code of the cell.")] string code,
        [Description("A context returned by an earlier run_cell; leave out to start one.")] string? contextId = null,
        [Description("The language of a new context: python (default), javascript or typescript.")] string language = "python",
        [Description("Time limit in seconds; default: the sandbox's (30).")] double? timeoutSeconds = null,
        IProgress<ProgressNotificationValue>? progress = null,
        CancellationToken cancellationToken = default) =>
        ToolResults.GuardAsync(async () =>
        {
            using var permit = caller.TakeExecutionPermit();
            await using var lease = await caller.LeaseAsync(sandboxId);
            var note = contextId is null ? "new context" : "context";
            contextId ??= (await lease.Grain.CreateContextAsync(language.Trim().ToLowerInvariant())).Id;
            return await RunCellAsync(lease.Grain, contextId, code, timeoutSeconds, progress, $"{note} {contextId}", cancellationToken);
        });

    private static async Task<CallToolResult> ExecAsync(
        ISandboxGrain grain, ExecCommand command, IProgress<ProgressNotificationValue>? progress, CancellationToken cancellationToken)
    {
        var report = new RunReport(progress);
        await foreach (var item in grain.ExecAsync(command, cancellationToken).WithCancellation(cancellationToken))
        {
            switch (item)
            {
                case ExecChunk chunk:
                    report.Output(chunk.Stream, chunk.Text);
                    break;
                case ExecFinished { Outcome: var o }:
                    return report.Finish(Describe(o), failed: !o.Success);
                case ExecFailed failed:
                    return report.Finish($"did not complete: {failed.Message}", failed: true);
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        return report.Finish("did not complete: the sandbox ended the run without a result", failed: true);
    }

    private static async Task<CallToolResult> RunCellAsync(
        ISandboxGrain grain, string contextId, string code, double? timeoutSeconds, IProgress<ProgressNotificationValue>? progress,
        string? contextNote, CancellationToken cancellationToken)
    {
        var report = new RunReport(progress);
        CellError? error = null;
        var prefix = contextNote is null ? "" : $"{contextNote}: ";
        await foreach (var item in grain.RunContextAsync(contextId, new CellCommand(code, Milliseconds(timeoutSeconds)), cancellationToken).WithCancellation(cancellationToken))
        {
            switch (item)
            {
                case CellOutput output:
                    report.Output(output.Stream, output.Text);
                    break;
                case CellResult result:
                    report.Result(result.Data);
                    break;
                case CellError e:
                    error = e;
                    break;
                // A program (no context note) reports as a script would: exit 0, or 1 with the uncaught exception.
                case CellCompleted completed when error is null:
                    return report.Finish(contextNote is null ? "exit code 0" : $"{prefix}completed (execution {completed.ExecutionCount})", failed: false);
                case CellCompleted:
                    var traceback = error!.Traceback.Count > 0 ? "\n" + string.Join("\n", error.Traceback) : "";
                    return report.Finish($"{(contextNote is null ? "exit code 1, " : prefix)}error: {error.Name}: {error.Message}{traceback}", failed: true);
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        return report.Finish($"{prefix}did not complete: the sandbox ended the run without a result", failed: true);
    }

    private static string Describe(ExecOutcome outcome) => outcome.Reason switch
    {
        "exited" => $"exit code {outcome.ExitCode}",
        _ => $"{outcome.Reason} (exit code {outcome.ExitCode}){(outcome.Message is { } m ? ": " + m : "")}",
    };

    private static long? Milliseconds(double? seconds) => seconds is { } s ? (long)(s * 1000) : null;
}
