using Sandcastle.Sessions.Contexts;
using Sandcastle.Sessions.Execution;
using Sandcastle.Sessions.Shells;
using Sandcastle.Sessions.Processes;
using Sandcastle.Sessions.Snapshots;

namespace Sandcastle.Sessions.Sandboxes;

/// <summary>
/// One durable sandbox (key: tenant/id). Calls on an unknown sandbox throw <see cref="SandboxRequestException"/>
/// (NotFound) except <see cref="CreateOrUpdateAsync"/>. Streams always end with a terminal event.
/// </summary>
[Alias("Sandcastle.ISandboxGrain")]
public interface ISandboxGrain : IGrainWithStringKey
{
    /// <summary>Get-or-create; on an existing sandbox the given settings replace the stored ones.</summary>
    [Alias("CreateOrUpdate")]
    Task<SandboxView> CreateOrUpdateAsync(SandboxSettings settings);

    [Alias("Get")]
    Task<SandboxView> GetAsync();

    /// <summary>Replaces the environment applied to later execs and processes.</summary>
    [Alias("SetEnvironment")]
    Task<SandboxView> SetEnvironmentAsync(Dictionary<string, string> environment);

    /// <summary>Kills every process and deletes the files and the metadata.</summary>
    [Alias("Destroy"), ResponseTimeout("00:05:00")]
    Task DestroyAsync();

    /// <summary>Wakes the sandbox (placing it) and says which node it is awake on: file and preview requests go there.</summary>
    [Alias("Locate")]
    Task<SandboxLocation> LocateAsync();

    /// <summary>Cluster drain: snapshots the workspace, releases ownership and deactivates; the next call wakes it elsewhere.</summary>
    [Alias("HandOver"), ResponseTimeout("00:10:00")]
    Task HandOverAsync();

    /// <summary>Wakes the sandbox for host-side file operations and says where its workspace is.</summary>
    [Alias("OpenWorkspace")]
    Task<SandboxWorkspace> OpenWorkspaceAsync();

    /// <summary>Runs a command: <see cref="ExecStarted"/>, output, then <see cref="ExecFinished"/> or <see cref="ExecFailed"/>.</summary>
    [Alias("Exec")]
    IAsyncEnumerable<ExecStreamEvent> ExecAsync(ExecCommand command, CancellationToken cancellationToken = default);

    [Alias("StartProcess")]
    Task<ProcessSnapshot> StartProcessAsync(ProcessCommand command);

    [Alias("ListProcesses")]
    Task<List<ProcessSnapshot>> ListProcessesAsync();

    [Alias("GetProcess")]
    Task<ProcessSnapshot> GetProcessAsync(string processId);

    /// <summary>Kills the process tree (if still running), waits until it is gone, and forgets the process.</summary>
    [Alias("KillProcess"), ResponseTimeout("00:01:00")]
    Task<ProcessSnapshot> KillProcessAsync(string processId);

    [Alias("GetProcessLogs")]
    Task<ProcessLogs> GetProcessLogsAsync(string processId);

    /// <summary>Replays the output so far, follows it live, ends with <see cref="ProcessExit"/>.</summary>
    [Alias("FollowProcessLogs")]
    IAsyncEnumerable<ProcessLogEvent> FollowProcessLogsAsync(string processId, CancellationToken cancellationToken = default);

    /// <summary>Starts a code context (python, javascript, typescript); it lives while the sandbox is awake.</summary>
    [Alias("CreateContext"), ResponseTimeout("00:02:00")]
    Task<ContextView> CreateContextAsync(string language);

    [Alias("ListContexts")]
    Task<List<ContextView>> ListContextsAsync();

    [Alias("GetContext")]
    Task<ContextView> GetContextAsync(string contextId);

    /// <summary>Kills the context's kernel and forgets it.</summary>
    [Alias("DeleteContext"), ResponseTimeout("00:01:00")]
    Task DeleteContextAsync(string contextId);

    /// <summary>Kills the kernel and starts a fresh one: all state is lost, the execution count starts again.</summary>
    [Alias("RestartContext"), ResponseTimeout("00:02:00")]
    Task<ContextView> RestartContextAsync(string contextId);

    /// <summary>Runs code in a context: output, results and error as they happen, then <see cref="CellCompleted"/>.</summary>
    [Alias("RunContext")]
    IAsyncEnumerable<CellEvent> RunContextAsync(string contextId, CellCommand command, CancellationToken cancellationToken = default);

    /// <summary>Starts a shell session: execs naming it share its working directory and exported variables.</summary>
    [Alias("CreateShellSession")]
    Task<ShellSessionView> CreateShellSessionAsync();

    [Alias("ListShellSessions")]
    Task<List<ShellSessionView>> ListShellSessionsAsync();

    [Alias("GetShellSession")]
    Task<ShellSessionView> GetShellSessionAsync(string sessionId);

    [Alias("DeleteShellSession")]
    Task DeleteShellSessionAsync(string sessionId);

    /// <summary>Archives the workspace (running processes keep running) into the snapshot store.</summary>
    [Alias("CreateSnapshot"), ResponseTimeout("00:10:00")]
    Task<SnapshotInfo> CreateSnapshotAsync();

    /// <summary>This sandbox's snapshots, newest first.</summary>
    [Alias("ListSnapshots")]
    Task<List<SnapshotInfo>> ListSnapshotsAsync();

    [Alias("DeleteSnapshot")]
    Task DeleteSnapshotAsync(string snapshotId);

    /// <summary>Stops every process, context and shell session, and replaces the workspace with a snapshot of the tenant's.</summary>
    [Alias("RestoreSnapshot"), ResponseTimeout("00:10:00")]
    Task<SnapshotInfo> RestoreSnapshotAsync(string snapshotId);

    /// <summary>Creates this (new) sandbox with a snapshot's files: a fork. An existing sandbox is a conflict.</summary>
    [Alias("CreateFromSnapshot"), ResponseTimeout("00:10:00")]
    Task<SandboxView> CreateFromSnapshotAsync(SandboxSettings settings, string snapshotId);
}
