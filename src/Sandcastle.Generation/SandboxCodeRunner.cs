using Sandcastle.Sandbox;

namespace Sandcastle.Generation;

/// <summary>Runs programs in one Sandcastle sandbox, each with the sandbox's limits and the given timeout.</summary>
public sealed class SandboxCodeRunner(Sandbox.Sandbox sandbox) : ICodeRunner
{
    public IAsyncEnumerable<ExecEvent> RunAsync(SandboxLanguage language, string code, TimeSpan timeout, CancellationToken cancellationToken) =>
        sandbox.ExecAsync(ExecRequest.ForCode(language, code) with { Limits = sandbox.Limits with { Timeout = timeout } }, cancellationToken);
}
