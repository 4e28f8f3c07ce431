using System.Diagnostics;
using System.Text;
using Sandcastle.Sandbox.Files;
using Sandcastle.Sandbox.Files.Native;
using Sandcastle.Sandbox.ForkServers;
using Sandcastle.Sandbox.Isolation;
using Sandcastle.Sandbox.Network;
using Sandcastle.Sandbox.Trees;

namespace Sandcastle.Sandbox;

/// <summary>Starting a process tree: the request checked and resolved, then forked by the fork server or launched.</summary>
public sealed partial class Sandbox
{
    // The command and the environment travel as launcher arguments: the kernel takes at most 128 KiB per argument
    // and a few MiB in all. Larger ones are the caller's error, not a launch failure.
    private const int MaxArgumentBytes = 100_000;
    private const int MaxEnvironmentBytes = 256 * 1024;

    /// <summary>
    /// Starts a process tree. Non-interactive: the request's stdin is written and closed.
    /// Interactive: stdin stays open for the caller (<see cref="SandboxProcess.StandardInput"/>).
    /// </summary>
    /// <exception cref="SandboxDestroyedException">A destroy has begun.</exception>
    public SandboxProcess Start(ExecRequest request, bool interactive = false)
    {
        ThrowIfDestroyed();
        if (_engine.DataRootProblem is { } unreachable)
            throw new SandboxUnavailableException(unreachable);
        var requestedLimits = request.Limits is { } own ? SandboxLimitRanges.Validate(own) : Limits;
        var (program, snippet) = ResolveProgram(request);
        var workingDirectory = ResolveWorkingDirectory(request.WorkingDirectory);
        ValidateEnvironment(request.Environment);
        var limits = WithinQuota(requestedLimits);
        var network = request.Network ?? Network;
        var environment = WithProxy(network, request.Environment);

        // The engine's fork server forks what needs no stdin stream; until it is up, a launcher.
        if (!interactive && _engine.TryGetForkServer() is { } server)
            return StartForked(server, limits, program, snippet, workingDirectory, request with { Environment = environment }, network);

        var id = NewExecutionId();
        var snippetDirectory = snippet is null ? null
            : _engine.WriteSnippet(id, SnippetCommand.FileName(snippet.Value.Language), snippet.Value.Code);
        return Launch(id, limits, program, snippetDirectory, workingDirectory, environment, request.Stdin, interactive, network);
    }

    /// <summary>The request's environment over the proxy's variables, when the policy lets anything out.</summary>
    private IReadOnlyDictionary<string, string>? WithProxy(NetworkPolicy network, IReadOnlyDictionary<string, string>? environment)
    {
        if (!network.IsOpen)
            return environment;
        var merged = new Dictionary<string, string>(ProxyEnvironment.For(_engine.NetworkOptions.ProxyPort, _engine.NetworkOptions.NodeProxyPreload));
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            merged[name] = value;
        return merged;
    }

    private SandboxProcess StartForked(
        ForkServer server,
        SandboxLimits limits,
        IReadOnlyList<string> program,
        (SandboxLanguage Language, string Code)? snippet,
        string workingDirectory,
        ExecRequest request,
        NetworkPolicy network)
    {
        var id = NewExecutionId();
        var environment = new Dictionary<string, string>(BubblewrapCommandBuilder.BaseEnvironment);
        foreach (var (name, value) in request.Environment ?? new Dictionary<string, string>())
            environment[name] = value;
        // As bwrap's --chdir does.
        environment["PWD"] = workingDirectory;
        // A Python snippet runs in the server's already-started interpreter unless it asks for interpreter settings.
        var inProcess = snippet is { Language: SandboxLanguage.Python }
            && (request.Environment is null || !request.Environment.Keys.Any(k => k.StartsWith("PYTHON", StringComparison.Ordinal)));
        var nodePreload = network.IsOpen ? _engine.NetworkOptions.NodeProxyPreload : null;
        var direct = request.Command is { } command ? SimpleCommand.Words(command) : null;
        var warmNode = snippet is { } js ? WarmNode.For(js.Language, environment, limits, _engine.Options, nodePreload, _engine.TypeStripper)
            : direct is not null ? WarmNode.ForCommand(direct, environment, limits, _engine.Options, nodePreload)
            : null;
        var forkRequest = new ForkServerRequest(
            Id,
            inProcess ? null : program,
            snippet is { } s ? new ForkServerSnippet(SnippetCommand.FileName(s.Language), s.Code) : null,
            environment,
            workingDirectory,
            request.Stdin is { Length: > 0 } stdin ? Convert.ToBase64String(stdin.Span) : null,
            limits.MaxFileSizeBytes,
            limits.TmpBytes,
            Volume?.Name) { Node = warmNode, Direct = direct };
        // The spare made its network namespace before it was announced, and the proxy's listener was opened there
        // then: the door serves it with this execution's policy.
        var door = network.IsOpen ? new DoorSlot() : null;
        var tree = server.Start(forkRequest, limits, _engine.TenantGroup(Tenant),
            door is null ? null : (hostPid, listener) => door.Set(_engine.OpenDoorInto(hostPid, listener, Id, network)));
        var process = Track(new SandboxProcess(
            id, tree, limits, null, _readUsage, _engine.Options.DiskQuotaPollInterval, null, interactive: false, _engine.Logger,
            memoryByAddressSpace: !_engine.Cgroups.EnforcesMemory, quotaHeldByKernel: Volume is not null));
        if (door is not null)
            _ = process.Completion.ContinueWith(_ => door.Dispose(), TaskScheduler.Default);
        return process;
    }

    private SandboxProcess Launch(
        string id,
        SandboxLimits limits,
        IReadOnlyList<string> program,
        string? snippetDirectory,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        ReadOnlyMemory<byte>? stdin,
        bool interactive,
        NetworkPolicy network)
    {
        var cgroup = _engine.Cgroups.Create(id, limits, _engine.TenantGroup(Tenant));
        Process process;
        NetworkDoor? door = null;
        try
        {
            door = network.IsOpen ? _engine.OpenDoorWithNamespace(Id, network) : null;
            var networkNamespace = door is null ? null : $"/proc/{Environment.ProcessId}/fd/{door.Namespace!.DangerousGetHandle()}";
            process = _engine.StartLauncher(cgroup, limits, WorkspacePath, program, snippetDirectory, workingDirectory, environment, forkServer: false, networkNamespace);
        }
        catch (IOException e)
        {
            Abandon();
            throw new SandboxUnavailableException(e.Message, e);
        }
        catch (SandboxUnavailableException)
        {
            Abandon();
            throw;
        }

        void Abandon()
        {
            door?.Dispose();
            cgroup.Dispose();
            if (snippetDirectory is not null)
                Directory.Delete(snippetDirectory, recursive: true);
        }

        var started = Track(new SandboxProcess(
            id, new BubblewrapTree(process, cgroup), limits, snippetDirectory, _readUsage, _engine.Options.DiskQuotaPollInterval,
            stdin, interactive, _engine.Logger, memoryByAddressSpace: !_engine.Cgroups.EnforcesMemory, quotaHeldByKernel: Volume is not null));
        if (door is not null)
            _ = started.Completion.ContinueWith(_ => door.Dispose(), TaskScheduler.Default);
        return started;
    }

    private SandboxProcess Track(SandboxProcess process)
    {
        _running[process.Id] = process;
        _ = process.Completion.ContinueWith(_ => _running.TryRemove(process.Id, out var _), TaskScheduler.Default);
        // A start that raced BeginDestroy: either the destroy's kill saw it in _running, or it sees the flag here
        // (both sides write, then read, with full fences), so nothing started keeps running into the delete.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _destroyed) != 0)
        {
            process.Kill(ExitReason.Cancelled);
            throw new SandboxDestroyedException(Id);
        }
        if (Volatile.Read(ref _resizing) != 0)
        {
            process.Kill(ExitReason.Cancelled);
            throw new SandboxUnavailableException($"The workspace of sandbox '{Id}' is being resized; run again in a moment.");
        }
        return process;
    }

    /// <summary>
    /// A full workspace runs nothing more. Without a file system of its own, no single file may outgrow what is left
    /// of the quota either (the running poll catches many small files); with one, the kernel says ENOSPC instead.
    /// </summary>
    private SandboxLimits WithinQuota(SandboxLimits limits)
    {
        if (limits.WorkspaceQuotaBytes <= 0)
            return limits;
        var free = limits.WorkspaceQuotaBytes - _readUsage();
        if (free <= 0)
            throw new WorkspaceQuotaExceededException(Id, limits.WorkspaceQuotaBytes);
        return Volume is not null ? limits : limits with { MaxFileSizeBytes = Math.Min(limits.MaxFileSizeBytes, free) };
    }

    private string NewExecutionId() => $"{Id}-{Guid.NewGuid():N}"[..Math.Min(Id.Length + 13, 80)];

    private (IReadOnlyList<string> Program, (SandboxLanguage Language, string Code)? Snippet) ResolveProgram(ExecRequest request)
    {
        if (request.Code is not null && request.Command is not null)
            throw new InvalidExecRequestException("Give either code or a command, not both.");
        if (request.Command is { } command)
        {
            if (string.IsNullOrWhiteSpace(command))
                throw new InvalidExecRequestException("The command is empty.");
            if (command.Contains('\0'))
                throw new InvalidExecRequestException("The command contains a NUL character.");
            if (Encoding.UTF8.GetByteCount(command) > MaxArgumentBytes)
                throw new InvalidExecRequestException($"The command is longer than {MaxArgumentBytes} bytes; give a script this long as Bash code instead.");
            return (["/bin/bash", "-c", command], null);
        }
        if (request.Code is null)
            throw new InvalidExecRequestException("Give code to run or a command.");
        var language = request.Language ?? throw new InvalidExecRequestException("Code needs a language: " + string.Join(", ", SandboxLanguageNames.Supported) + ".");
        return (SnippetCommand.For(language, _engine.Options), (language, request.Code));
    }

    private string ResolveWorkingDirectory(string? requested)
    {
        if (string.IsNullOrEmpty(requested) || requested is "." or "/workspace" or "/workspace/")
            return "/workspace";
        var relative = requested.StartsWith("/workspace/", StringComparison.Ordinal) ? requested["/workspace/".Length..]
            : requested.StartsWith('/') ? throw new InvalidExecRequestException($"Working directory '{requested}' is outside /workspace.")
            : requested;
        var parts = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Any(p => p is ".." || p.Contains('\0')))
            throw new InvalidExecRequestException($"Working directory '{requested}' may not contain '..'.");
        var inside = "/workspace/" + string.Join('/', parts.Where(p => p != "."));
        // Checked on the host only to give a clear error: bwrap changes directory inside the sandbox's own view.
        // The check resolves symlinks beneath the workspace, as the sandbox would: following a planted link to a
        // host path would tell the caller whether that host path exists.
        if (inside != "/workspace")
        {
            using var directory = new WorkspaceResolver(WorkspacePath).TryOpen(
                Sandcastle.Sandbox.Files.WorkspacePath.Parse(string.Join('/', parts.Where(p => p != "."))), OpenFlags.Path | OpenFlags.Directory, 0, out _);
            if (directory is null)
                throw new InvalidExecRequestException($"Working directory '{inside}' is not a directory in the workspace.");
        }
        return inside;
    }

    /// <summary>
    /// Why an environment is too large for any execution (a variable past a program argument's limit, or the whole
    /// past 256 KiB), or null when it fits: the one check for what runs and for what a sandbox keeps to run with.
    /// </summary>
    public static string? EnvironmentTooLarge(IReadOnlyDictionary<string, string>? environment)
    {
        long total = 0;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            var valueBytes = value is null ? 0 : Encoding.UTF8.GetByteCount(value);
            total += name.Length + valueBytes;
            if (valueBytes > MaxArgumentBytes || total > MaxEnvironmentBytes)
                return $"The environment is too large (at most {MaxArgumentBytes} bytes a variable, {MaxEnvironmentBytes} in all); pass large data in a file or on stdin.";
        }
        return null;
    }

    private static void ValidateEnvironment(IReadOnlyDictionary<string, string>? environment)
    {
        if (EnvironmentTooLarge(environment) is { } tooLarge)
            throw new InvalidExecRequestException(tooLarge);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                throw new InvalidExecRequestException($"Invalid environment variable name '{name}'.");
            if (value.Contains('\0'))
                throw new InvalidExecRequestException($"Environment variable '{name}' contains a NUL character.");
        }
    }
}
