using Sandcastle.Generation;
using Sandcastle.Sandbox;

namespace Sandcastle.Server.Execute;

/// <summary>Runs programs on this process's <see cref="SandboxEngine"/>: a fresh sandbox per request, or a named persistent one.</summary>
public sealed class EngineSandboxRunnerProvider(SandboxEngine engine) : ISandboxRunnerProvider
{
    public ValueTask<SandboxRunnerLease> AcquireAsync(string? sandboxId, SandboxLanguage language, CancellationToken cancellationToken)
    {
        if (sandboxId is null)
        {
            var fresh = engine.CreateEphemeral(firstRun: language);
            return ValueTask.FromResult(new SandboxRunnerLease(fresh.Id, new SandboxCodeRunner(fresh), fresh.DisposeAsync));
        }
        var named = engine.GetOrCreate(sandboxId);
        return ValueTask.FromResult(new SandboxRunnerLease(named.Id, new SandboxCodeRunner(named)));
    }
}
