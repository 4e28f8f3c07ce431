using System.Runtime.CompilerServices;
using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Contexts;
using Sandcastle.Sessions.Contexts;

namespace Sandcastle.Sessions.Sandboxes;

/// <summary>
/// Code contexts (stateful interpreters) live in this activation only: when the sandbox sleeps, is destroyed, or the
/// server stops, their kernels are killed and their state is gone. A sleeping sandbox remembers which contexts it
/// lost so a later call can say so.
/// </summary>
public sealed partial class SandboxGrain
{
    private CodeContextManager? _contexts;

    public async Task<ContextView> CreateContextAsync(string language)
    {
        RequireSandbox();
        Touch();
        if (!SandboxLanguageNames.TryParse(language, out var parsed) || parsed is SandboxLanguage.Bash)
            throw new SandboxRequestException(SandboxErrorKind.BadRequest, $"Unknown context language '{language}': use python, javascript or typescript.");
        _contexts ??= new CodeContextManager(_sandbox!, maxContexts: Options.MaxContextsPerSandbox);
        try
        {
            return View(await _contexts.CreateAsync(parsed.Value));
        }
        catch (CodeContextLimitException e)
        {
            throw new SandboxRequestException(SandboxErrorKind.Conflict, e.Message);
        }
        catch (SandboxUnavailableException e)
        {
            throw new SandboxRequestException(SandboxErrorKind.Unavailable, e.Message);
        }
        catch (SandboxDestroyedException e)
        {
            throw new SandboxRequestException(SandboxErrorKind.Conflict, e.Message);
        }
    }

    public Task<List<ContextView>> ListContextsAsync()
    {
        RequireSandbox();
        Touch();
        return Task.FromResult(_contexts?.List().Select(View).ToList() ?? []);
    }

    public Task<ContextView> GetContextAsync(string contextId) => Task.FromResult(View(RequireContext(contextId)));

    public async Task DeleteContextAsync(string contextId)
    {
        RequireContext(contextId);
        await _contexts!.DeleteAsync(contextId);
    }

    public async Task<ContextView> RestartContextAsync(string contextId)
    {
        var context = RequireContext(contextId);
        try
        {
            await context.RestartAsync();
        }
        catch (SandboxUnavailableException e)
        {
            throw new SandboxRequestException(SandboxErrorKind.Unavailable, e.Message);
        }
        catch (SandboxDestroyedException e)
        {
            throw new SandboxRequestException(SandboxErrorKind.Conflict, e.Message);
        }
        return View(context);
    }

    public async IAsyncEnumerable<CellEvent> RunContextAsync(string contextId, CellCommand command, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        MarkChanged();
        var context = RequireContext(contextId);
        TimeSpan? timeout = command.TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(CheckTimeout(ms)) : null;
        _activeStreams++;
        try
        {
            await foreach (var item in context.RunAsync(command.Code, timeout, cancellationToken))
            {
                _lastActivity = time.GetUtcNow();
                yield return item switch
                {
                    ContextOutput output => new CellOutput(output.Stream == OutputStream.Stdout ? "stdout" : "stderr", output.Text),
                    ContextResult result => new CellResult(new Dictionary<string, string>(result.Data, StringComparer.Ordinal)),
                    ContextError error => new CellError(error.Name, error.Message, [.. error.Traceback]),
                    ContextCompleted completed => new CellCompleted(completed.ExecutionCount),
                    _ => throw new InvalidOperationException($"Unknown context event {item.GetType().Name}."),
                };
            }
        }
        finally
        {
            _activeStreams--;
            Touch();
        }
    }

    private CodeContext RequireContext(string contextId)
    {
        var metadata = RequireSandbox();
        Touch();
        if (_contexts?.Find(contextId) is { } context)
            return context;
        throw new SandboxRequestException(SandboxErrorKind.NotFound, metadata.LostOnSleep.Contains(contextId)
            ? $"Code context '{contextId}' was lost when sandbox '{_address.Id}' went to sleep (idle past sleepAfter, or the server stopped): contexts live only while their sandbox is awake. Create a new one."
            : $"Code context '{contextId}' does not exist in sandbox '{_address.Id}'.");
    }

    private async Task StopContextsAsync()
    {
        if (_contexts is null)
            return;
        await _contexts.DisposeAsync();
        _contexts = null;
    }

    private static ContextView View(CodeContext context) =>
        new(context.Id, context.Language.ToWireName(), context.CreatedAt, context.ExecutionCount, context.IsAlive);
}
