using System.Runtime.CompilerServices;

namespace Sandcastle.Sandbox.Contexts;

/// <summary>
/// A stateful code interpreter in a <see cref="Sandbox"/>, as Jupyter's kernels and Cloudflare's
/// <c>notebook.execCell</c>: one long-lived python, javascript or typescript process whose variables,
/// imports and functions persist from run to run. Each run streams its output, its rich results (the last
/// expression's value, open matplotlib figures, <c>display(...)</c>), its error, then its completion.
/// Runs on one context are serialised: a run started while another is going waits its turn (cancelling the
/// wait gives up the place). A run whose reader cancels or walks away keeps running to its end or time limit,
/// so the state stays consistent. A run past its time limit is interrupted in the kernel and reports
/// <c>TimeoutError</c>, the context living on; if the kernel cannot interrupt it (blocked in a C call or a
/// child process), the process is killed, the run reports <c>TimeoutError</c> and the context is dead until
/// <see cref="RestartAsync"/>.
/// </summary>
public sealed class CodeContext : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CodeContextOptions _options;
    private KernelProcess _kernel;
    private int _executionCount;
    private volatile bool _disposed;

    private CodeContext(Sandbox sandbox, SandboxLanguage language, CodeContextOptions options, KernelProcess kernel)
    {
        Sandbox = sandbox;
        Language = language;
        _options = options;
        _kernel = kernel;
    }

    /// <summary>A random id (32 hex digits).</summary>
    public string Id { get; } = Guid.NewGuid().ToString("N");

    public SandboxLanguage Language { get; }

    public Sandbox Sandbox { get; }

    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>Runs executed since the context (re)started; the number of the last one.</summary>
    public int ExecutionCount => Volatile.Read(ref _executionCount);

    /// <summary>Whether the kernel process is running (false once it died, was killed, or the context disposed).</summary>
    public bool IsAlive => !_disposed && _kernel.IsAlive;

    /// <summary>Starts a kernel in the sandbox and waits until it is ready.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The language is not python, javascript or typescript.</exception>
    /// <exception cref="SandboxUnavailableException">The kernel could not start.</exception>
    public static Task<CodeContext> StartAsync(Sandbox sandbox, SandboxLanguage language, CancellationToken cancellationToken = default) =>
        StartAsync(sandbox, language, CodeContextOptions.Default, cancellationToken);

    /// <inheritdoc cref="StartAsync(Sandbox, SandboxLanguage, CancellationToken)"/>
    public static async Task<CodeContext> StartAsync(Sandbox sandbox, SandboxLanguage language, CodeContextOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(options);
        if (language is not (SandboxLanguage.Python or SandboxLanguage.JavaScript or SandboxLanguage.TypeScript))
            throw new ArgumentOutOfRangeException(nameof(language), language, "Code contexts run python, javascript or typescript.");
        var kernel = await KernelProcess.StartAsync(sandbox, language, options, cancellationToken).ConfigureAwait(false);
        return new CodeContext(sandbox, language, options, kernel);
    }

    /// <summary>
    /// Runs a cell and streams its events as they happen, ending with one <see cref="ContextCompleted"/>.
    /// </summary>
    /// <param name="code">The cell's source.</param>
    /// <param name="timeout">The run's time limit; null: the sandbox's <see cref="SandboxLimits.Timeout"/>;
    /// <see cref="Timeout.InfiniteTimeSpan"/>: none.</param>
    /// <param name="cancellationToken">Stops waiting for a turn or for events; a started run goes on to its end.</param>
    public async IAsyncEnumerable<ContextEvent> RunAsync(string code, TimeSpan? timeout = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var limit = timeout ?? Sandbox.Limits.Timeout;
        if (limit <= TimeSpan.Zero && limit != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A run's time limit must be positive.");
        ObjectDisposedException.ThrowIf(_disposed, this);
        var run = await BeginAsync(code, limit, cancellationToken).ConfigureAwait(false);
        await foreach (var item in run.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            yield return item;
    }

    /// <summary>Runs a cell to its end and gathers its logs, results and error.</summary>
    public async Task<ContextRunResult> RunAndCollectAsync(string code, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var stdout = new List<string>();
        var stderr = new List<string>();
        var results = new List<ContextResult>();
        ContextError? error = null;
        var count = ExecutionCount;
        await foreach (var item in RunAsync(code, timeout, cancellationToken).ConfigureAwait(false))
        {
            switch (item)
            {
                case ContextOutput { Stream: OutputStream.Stdout } o: stdout.Add(o.Text); break;
                case ContextOutput o: stderr.Add(o.Text); break;
                case ContextResult r: results.Add(r); break;
                case ContextError e: error = e; break;
                case ContextCompleted c: count = c.ExecutionCount; break;
            }
        }
        return new ContextRunResult(new ContextLogs(stdout, stderr), results, error, count);
    }

    /// <summary>
    /// Kills the kernel (a run in progress ends with <c>ContextDied</c>) and starts a fresh one: all state is
    /// lost and the execution count starts again from zero.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _kernel.Kill();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _kernel.DisposeAsync().ConfigureAwait(false);
            ObjectDisposedException.ThrowIf(_disposed, this);
            _kernel = await KernelProcess.StartAsync(Sandbox, Language, _options, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _executionCount, 0);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Kills the kernel process and waits until it is gone.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        _kernel.Kill();
        await _kernel.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<ContextRun> BeginAsync(string code, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var cell = _executionCount + 1;
            var kernel = _kernel;
            var run = _disposed ? null : await kernel.BeginAsync(cell, code, timeout, () => _gate.Release()).ConfigureAwait(false);
            if (run is not null)
            {
                Volatile.Write(ref _executionCount, cell);
                return run;
            }
            _gate.Release();
            var why = _disposed ? "was disposed" : $"is not running (its process {kernel.ExitDescription ?? "ended"})";
            return ContextRun.Failed(_executionCount, new ContextError("ContextDead", $"The context {why}. Restart it to run code.", []));
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }
}
