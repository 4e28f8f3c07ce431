using Sandcastle.Generation;

namespace Sandcastle.Server.Execute;

/// <summary>A runner bound to one sandbox for the length of a request.</summary>
/// <param name="SandboxId">The sandbox's id, reported as the response's <c>sandboxId</c>.</param>
/// <param name="Runner">Runs each attempt's program in that sandbox.</param>
/// <param name="release">Called once when the request is done with the sandbox.</param>
public sealed class SandboxRunnerLease(string sandboxId, ICodeRunner runner, Func<ValueTask>? release = null) : IAsyncDisposable
{
    private Func<ValueTask>? _release = release;

    public string SandboxId { get; } = sandboxId;

    public ICodeRunner Runner { get; } = runner;

    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _release, null)?.Invoke() ?? ValueTask.CompletedTask;
}
