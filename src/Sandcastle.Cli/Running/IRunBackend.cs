using Sandcastle.Server.Execute;

namespace Sandcastle.Cli.Running;

/// <summary>Where a run happens: in this process, or on a Sandcastle server.</summary>
public interface IRunBackend
{
    /// <summary>Runs the request, reporting progress; failures the user can act on are <see cref="CliFailureException"/>s.</summary>
    Task<RunOutcome> RunAsync(PreparedRun run, RunSettings settings, IRunObserver observer, CancellationToken cancellationToken);
}
