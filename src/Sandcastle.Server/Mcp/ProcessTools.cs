using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Sandcastle.Sessions.Processes;

namespace Sandcastle.Server.Mcp;

/// <summary>Background processes: servers, watchers, long jobs that outlive the call that started them.</summary>
[McpServerToolType]
internal sealed class ProcessTools(McpCaller caller)
{
    [McpServerTool(Name = "start_process", Title = "Start a background process", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Starts a shell command in the background in a sandbox and returns at once; read its output with process_logs, end it with stop_process. "
        + "It runs until it exits, is stopped, or the sandbox sleeps.")]
    public Task<CallToolResult> StartProcess(
        [Description("The sandbox (created if new).")] string sandboxId,
        [Description("The command line, run with sh -c in /workspace.")] string command,
        [Description("A name for it (1-63 of a-z, 0-9, '-'); default: one is made up.")] string? processId = null) =>
        ToolResults.GuardAsync(async () =>
        {
            await using var lease = await caller.LeaseAsync(sandboxId);
            var process = await lease.Grain.StartProcessAsync(new ProcessCommand { Command = command, ProcessId = processId });
            return ToolResults.Text($"started process {process.Id} (pid {process.Pid}, {process.Status})");
        });

    [McpServerTool(Name = "process_logs", Title = "Read a background process's output", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Returns everything a background process has printed so far, and whether it still runs (running, completed, failed or killed).")]
    public Task<CallToolResult> ProcessLogs(
        [Description("The sandbox.")] string sandboxId,
        [Description("The process, as start_process named it.")] string processId) =>
        ToolResults.GuardAsync(async () =>
        {
            var grain = caller.Sandbox(sandboxId);
            var logs = await grain.GetProcessLogsAsync(processId);
            var process = await grain.GetProcessAsync(processId);
            var report = new RunReport(progress: null);
            report.Output("stdout", logs.Stdout);
            report.Output("stderr", logs.Stderr);
            var status = process.ExitCode is { } code ? $"process {processId}: {process.Status} (exit code {code})" : $"process {processId}: {process.Status}";
            return report.Finish(status, failed: false);
        });

    [McpServerTool(Name = "stop_process", Title = "Stop a background process", ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false)]
    [Description("Kills a background process and everything it started, and forgets it (its logs go with it).")]
    public Task<CallToolResult> StopProcess(
        [Description("The sandbox.")] string sandboxId,
        [Description("The process, as start_process named it.")] string processId) =>
        ToolResults.GuardAsync(async () =>
        {
            var process = await caller.Sandbox(sandboxId).KillProcessAsync(processId);
            return ToolResults.Text($"process {processId}: {process.Status}");
        });
}
