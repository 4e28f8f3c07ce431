using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Sandcastle.Sandbox.Cgroups;
using Sandcastle.Sandbox.ForkServers;
using Sandcastle.Sandbox.Isolation;
using Sandcastle.Sandbox.Trees;

namespace Sandcastle.Sandbox;

/// <summary>How the engine starts process trees: its fork server, and launcher chains where the fork server cannot serve.</summary>
public sealed partial class SandboxEngine
{
    private readonly SemaphoreSlim _forkServerStart = new(1, 1);
    private volatile bool _forkServersUsable;
    private ForkServer? _forkServer;
    private int _forkServerStarting;

    /// <summary>Whether executions are forked by the engine's fork server now (see <see cref="SandboxOptions.ForkServer"/>).</summary>
    public bool ForkServerReady => _forkServer is { IsReady: true };

    /// <summary>Host pid of the fork server container's launcher, while there is one (tests kill it).</summary>
    internal int? ForkServerProcessId => _forkServer?.Pid;

    /// <summary>The host directory with the fork server's program and filter, bound into its container.</summary>
    internal string ForkServerDirectory { get; }

    /// <summary>
    /// Starts the fork server now and waits until it takes executions, so that even the first execution is
    /// forked. Without it the first execution starts it and takes a launcher of its own. Does nothing when fork
    /// servers are off or cannot run here.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken = default)
    {
        if (!_forkServersUsable || ForkServerReady || DataRootProblem is not null)
            return;
        await _forkServerStart.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (ForkServerReady)
                return;
            var server = LaunchForkServer();
            try
            {
                await server.WaitUntilReadyAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            if (Interlocked.Exchange(ref _forkServer, server) is { } previous)
                await previous.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _forkServerStart.Release();
        }
    }

    /// <summary>The fork server if it takes executions now; else null, and it is being started for the next ones.</summary>
    internal ForkServer? TryGetForkServer()
    {
        if (!_forkServersUsable)
            return null;
        if (_forkServer is { IsReady: true } server)
            return server;
        if (Interlocked.CompareExchange(ref _forkServerStarting, 1, 0) == 0)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await WarmUpAsync().ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    // A launcher per execution always works: fall back to it for good rather than retry on every run.
                    _forkServersUsable = false;
                    Logger.LogWarning("The fork server is off: it failed to start ({Error}). Each execution starts its own sandbox launcher.", e.Message);
                }
                finally
                {
                    Volatile.Write(ref _forkServerStarting, 0);
                }
            });
        }
        return null;
    }

    private ForkServer LaunchForkServer()
    {
        // Its cgroup holds the server and, for a moment each, the forks not yet moved into their execution's.
        var limits = Options.DefaultLimits with { MaxProcesses = 4096 };
        var cgroup = Cgroups.Create($"forkserver-{Guid.NewGuid():N}", limits);
        // Spares: executions' pid 1s forked ahead of time, as many as can start at once; as many again
        // kept warm for JavaScript, TypeScript and `node FILE` commands (each holds a started Node). A warm Node's memory is only counted
        // in its cgroup's: it needs one that enforces memory.
        var spares = Math.Clamp(Environment.ProcessorCount, 2, 8);
        var warmNode = Options.WarmNode && Cgroups.EnforcesMemory ? new WarmNodeSpares(spares, WarmNode.WarmMessage(Options), WarmNode.WarmMessage(Options, TypeStripper), WarmNode.CommandWarmMessage(Options)) : null;
        // Twice as many native ones for commands, where this build has their pid 1: under load every running command's
        // replacement may be native while as many are being made (they count while they are coming).
        var commandSpares = Options.CommandSpares && ForkServerFiles.HasExecInit ? new CommandSpares(2 * spares, Path.GetFileName(Options.PythonPath)) : null;
        IReadOnlyList<string> program =
        [
            Options.PythonPath,
            $"{SnippetCommand.MountPoint}/{ForkServerFiles.ProgramFileName}",
            SeccompFilter ? $"{SnippetCommand.MountPoint}/{ForkServerFiles.FilterFileName}" : "",
            (spares + (warmNode?.Count ?? 0) + (commandSpares?.Count ?? 0)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Options.DefaultLimits.TmpBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        try
        {
            var process = StartLauncher(cgroup, limits, _paths.SandboxesDirectory, program, ForkServerDirectory, "/workspace", null, forkServer: true);
            return new ForkServer(new BubblewrapTree(process, cgroup), Cgroups, Options.DefaultLimits, Logger, OpenSpareListener, warmNode, commandSpares, Options.NativeWarmNode);
        }
        catch
        {
            cgroup.Dispose();
            throw;
        }
    }

    /// <summary>Starts the launcher chain (sh → setpriv → bwrap → init → program) in the given cgroup.</summary>
    internal Process StartLauncher(
        ICgroup cgroup,
        SandboxLimits limits,
        string workspace,
        IReadOnlyList<string> program,
        string? snippetDirectory,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        bool forkServer,
        string? networkNamespace = null)
    {
        try
        {
            var plan = CommandBuilder.Build(cgroup, limits, workspace, snippetDirectory, workingDirectory, environment, program, forkServer, networkNamespace);
            var startInfo = new ProcessStartInfo
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                FileName = plan.Arguments[0],
            };
            foreach (var argument in plan.Arguments.Skip(1))
                startInfo.ArgumentList.Add(argument);
            // The launcher chain runs on the host before bwrap clears the environment: give it nothing of ours.
            startInfo.Environment.Clear();
            startInfo.Environment["PATH"] = "/usr/bin:/bin";
            // Forked from the launcher thread: --die-with-parent follows the forking thread, and this one never exits.
            return LauncherThread.Run(() =>
            {
                InheritedDescriptors.MarkCloseOnExec();
                return Process.Start(startInfo);
            }) ?? throw new SandboxUnavailableException("The sandbox launcher did not start.");
        }
        catch (Exception e) when (e is not SandboxUnavailableException)
        {
            throw new SandboxUnavailableException($"Could not start the sandbox launcher: {e.Message}", e);
        }
    }
}
