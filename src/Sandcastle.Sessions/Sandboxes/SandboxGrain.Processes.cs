using System.Runtime.CompilerServices;
using Sandcastle.Sandbox;
using Sandcastle.Sessions.Processes;
using Sandcastle.Sessions.Tenants;

namespace Sandcastle.Sessions.Sandboxes;

public sealed partial class SandboxGrain
{
    public async Task<ProcessSnapshot> StartProcessAsync(ProcessCommand command)
    {
        var metadata = RequireSandbox();
        Touch();
        MarkChanged();
        var id = command.ProcessId ?? $"p-{Guid.NewGuid():N}"[..10];
        if (!SandboxIds.IsValid(id))
            throw new SandboxRequestException(SandboxErrorKind.BadRequest, $"Invalid process id '{id}': use 1-63 characters of a-z, 0-9 and '-'.");
        if (_processes.ContainsKey(id))
            throw new SandboxRequestException(SandboxErrorKind.Conflict, $"Process '{id}' already exists; delete it first.");
        MakeRoomForProcess();
        var permit = slots.TryAcquire(_address.Tenant) ?? throw new SandboxRequestException(SandboxErrorKind.Busy,
            "This tenant already runs as many executions and background processes as it may at once; retry when one ends, or kill a background process.");
        // A background process lives until it exits, is killed, passes its lifetime, or the sandbox sleeps. Its
        // output has no cap: its log is a ring.
        var limits = _sandbox!.Limits with { Timeout = Options.MaxProcessLifetime, MaxOutputBytes = long.MaxValue };
        BackgroundProcess process;
        try
        {
            process = new BackgroundProcess(id, command.Command,
                Start(metadata, new ExecRequest { Command = command.Command }, command.Environment, command.WorkingDirectory, limits, null),
                Options.ProcessLogChars);
        }
        catch
        {
            permit.Dispose();
            throw;
        }
        _ = process.Pumped.ContinueWith(_ => permit.Dispose(), TaskScheduler.Default);
        _processes[id] = process;
        await process.WaitUntilStartedAsync();
        return process.Snapshot();
    }

    /// <summary>Forgets the oldest finished process when the sandbox holds its most; refuses when all of them run.</summary>
    private void MakeRoomForProcess()
    {
        if (_processes.Count < Options.MaxProcessesPerSandbox)
            return;
        var finished = _processes.Values.Where(p => !p.IsRunning).OrderBy(p => p.Snapshot().StartedAt).FirstOrDefault();
        if (finished is null)
            throw new SandboxRequestException(SandboxErrorKind.Conflict,
                $"Sandbox '{_address.Id}' already runs {_processes.Count} background processes, its most; kill one first.");
        _processes.Remove(finished.Id);
    }

    public Task<List<ProcessSnapshot>> ListProcessesAsync()
    {
        RequireSandbox();
        Touch();
        return Task.FromResult(_processes.Values.OrderBy(p => p.Id, StringComparer.Ordinal).Select(p => p.Snapshot()).ToList());
    }

    public Task<ProcessSnapshot> GetProcessAsync(string processId) => Task.FromResult(RequireProcess(processId).Snapshot());

    public async Task<ProcessSnapshot> KillProcessAsync(string processId)
    {
        var process = RequireProcess(processId);
        process.Kill();
        await process.Pumped;
        _processes.Remove(processId);
        return process.Snapshot();
    }

    public Task<ProcessLogs> GetProcessLogsAsync(string processId)
    {
        var process = RequireProcess(processId);
        var (stdout, stderr) = process.Log.Read();
        return Task.FromResult(new ProcessLogs(process.Id, stdout, stderr, process.Snapshot().Status, process.Log.DroppedChars));
    }

    public async IAsyncEnumerable<ProcessLogEvent> FollowProcessLogsAsync(string processId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var process = RequireProcess(processId);
        _activeStreams++;
        try
        {
            await foreach (var item in process.Log.FollowAsync(cancellationToken))
                yield return item;
        }
        finally
        {
            _activeStreams--;
            Touch();
        }
    }

    private BackgroundProcess RequireProcess(string processId)
    {
        RequireSandbox();
        Touch();
        return _processes.TryGetValue(processId, out var process)
            ? process
            : throw new SandboxRequestException(SandboxErrorKind.NotFound, $"Process '{processId}' does not exist in sandbox '{_address.Id}'.");
    }
}
