using System.Collections.Concurrent;

namespace Sandcastle.Sandbox.Contexts;

/// <summary>
/// The code contexts of one sandbox, by id: create, find, list, delete. Disposing it disposes them all.
/// </summary>
public sealed class CodeContextManager(Sandbox sandbox, CodeContextOptions? options = null, int maxContexts = 8) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, CodeContext> _contexts = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _creating = new(1, 1);
    private readonly CodeContextOptions _options = options ?? CodeContextOptions.Default;

    public Sandbox Sandbox => sandbox;

    /// <exception cref="CodeContextLimitException">The sandbox already has <c>maxContexts</c> contexts.</exception>
    public async Task<CodeContext> CreateAsync(SandboxLanguage language, CancellationToken cancellationToken = default)
    {
        await _creating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_contexts.Count >= maxContexts)
                throw new CodeContextLimitException(sandbox.Id, maxContexts);
            var context = await CodeContext.StartAsync(sandbox, language, _options, cancellationToken).ConfigureAwait(false);
            _contexts[context.Id] = context;
            return context;
        }
        finally
        {
            _creating.Release();
        }
    }

    /// <summary>The context with this id, or null.</summary>
    public CodeContext? Find(string id) => _contexts.GetValueOrDefault(id);

    public IReadOnlyList<CodeContext> List() => [.. _contexts.Values.OrderBy(c => c.CreatedAt)];

    /// <summary>Kills and forgets a context. False if there is none with this id.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!_contexts.TryRemove(id, out var context))
            return false;
        await context.DisposeAsync().ConfigureAwait(false);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        var contexts = _contexts.Values.ToArray();
        _contexts.Clear();
        await Task.WhenAll(contexts.Select(c => c.DisposeAsync().AsTask())).ConfigureAwait(false);
    }
}
