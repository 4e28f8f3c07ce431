using Sandcastle.Sandbox;

namespace Sandcastle.Generation;

/// <summary>Runs a generated program somewhere isolated: the server and CLI implement it over the sandbox.</summary>
public interface ICodeRunner
{
    /// <summary>
    /// Streams the program's output, then exactly one <see cref="ExecCompleted"/>. Cancelling the token stops the program.
    /// </summary>
    IAsyncEnumerable<ExecEvent> RunAsync(SandboxLanguage language, string code, TimeSpan timeout, CancellationToken cancellationToken);
}
