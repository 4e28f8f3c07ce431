using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sandcastle.Generation;
using Sandcastle.Generation.Models;
using Sandcastle.Generation.Providers;
using Sandcastle.Sandbox;
using Sandcastle.Server.Errors;
using Sandcastle.Server.Observability;

namespace Sandcastle.Server.Execute;

/// <summary>
/// Answers a validated POST /execute: takes a sandbox for the request, runs the generation pipeline with a runner
/// bound to it, and gives the result whole or as a stream of events. Cancelling (the client went away) stops the
/// model call and kills the program.
/// </summary>
public sealed class ExecuteService(
    IServiceProvider services,
    ISandboxRunnerProvider sandboxes,
    SandboxEngine engine,
    ICodeModel model,
    IOptions<GenerationOptions> generation,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    ExecutionJournal journal,
    ILogger<ExecuteService> logger)
{
    // The pipeline is made per request: its runner is bound to the request's sandbox.
    private readonly ObjectFactory<CodeExecutionPipeline> _pipelines = ActivatorUtilities.CreateFactory<CodeExecutionPipeline>([typeof(ICodeRunner)]);
    private readonly ExecuteStreamEvents _events = new(json.Value.SerializerOptions);

    /// <summary>
    /// Throws before any work starts: <see cref="SandboxUnavailableException"/> when no sandbox can run with this data
    /// root (a model call would be paid for nothing), <see cref="ModelNotConfiguredException"/> when the model has no key.
    /// </summary>
    public void EnsureReady()
    {
        if (engine.DataRootProblem is { } unreachable)
            throw new SandboxUnavailableException(unreachable);
        if (model is AnthropicCodeModel && string.IsNullOrWhiteSpace(generation.Value.ApiKey))
            throw new ModelNotConfiguredException();
    }

    public async Task<ExecuteResponse> RunAsync(ExecuteCommand command, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var lease = await sandboxes.AcquireAsync(command.TenantId, command.SandboxId, command.Network, cancellationToken);
        var started = Begin(command, lease);
        ExecutionEnd? end = null;
        try
        {
            var result = await _pipelines(services, [lease.Runner]).ExecuteAsync(command.Request, cancellationToken);
            end = Ended(result);
            return ExecuteResponses.From(result, lease.SandboxId, clock.ElapsedMilliseconds);
        }
        finally
        {
            journal.Finish(started, end ?? ExecutionEnd.Abandoned(cancellationToken.IsCancellationRequested));
        }
    }

    /// <summary>The request's events as SSE data (JSON text). Failures become a last "error" event.</summary>
    public async IAsyncEnumerable<string> StreamAsync(ExecuteCommand command, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        SandboxRunnerLease? lease = null;
        StartedExecution? journaled = null;
        ExecutionEnd? end = null;
        string? failure = null;
        try
        {
            try
            {
                lease = await sandboxes.AcquireAsync(command.TenantId, command.SandboxId, command.Network, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                failure = Failure(e);
            }
            if (lease is null)
            {
                if (failure is not null)
                    yield return failure;
                yield break;
            }

            journaled = Begin(command, lease);
            var pipeline = _pipelines(services, [lease.Runner]);
            await using var items = pipeline.RunAsync(command.Request, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                string? data = null;
                try
                {
                    if (!await items.MoveNextAsync())
                        break;
                    data = items.Current switch
                    {
                        PipelineStarted started => _events.Start(started, lease.SandboxId),
                        PipelineCompleted completed => Complete(completed.Result, lease.SandboxId, clock.ElapsedMilliseconds, out end),
                        var other => _events.From(other),
                    };
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }
                catch (Exception e)
                {
                    failure = Failure(e);
                }
                if (failure is not null)
                {
                    yield return failure;
                    yield break;
                }
                if (data is not null)
                    yield return data;
            }
        }
        finally
        {
            if (journaled is not null)
                journal.Finish(journaled, end ?? ExecutionEnd.Abandoned(cancellationToken.IsCancellationRequested));
            if (lease is not null)
                await lease.DisposeAsync();
        }
    }

    private StartedExecution Begin(ExecuteCommand command, SandboxRunnerLease lease) =>
        journal.Begin(command.TenantId, ExecutionKinds.Execute, lease.SandboxId, command.Request.Language.ToWireName(), question: command.Request.Question);

    private string Complete(ExecutionResult result, string sandboxId, long elapsedMs, out ExecutionEnd end)
    {
        end = Ended(result);
        return _events.Complete(ExecuteResponses.From(result, sandboxId, elapsedMs));
    }

    private static ExecutionEnd Ended(ExecutionResult result) => new(
        result.Success, result.ExitCode, result.Reason, result.GenerationMs, result.ExecutionMs,
        result.Usage.InputTokens, result.Usage.OutputTokens, result.Model);

    private string Failure(Exception e)
    {
        if (ApiErrorMapper.TryMap(e) is { } known)
            return _events.Error(known.Status, known.Error);
        logger.LogError(e, "Streaming /execute failed.");
        return _events.Error(500, new ApiError("Internal server error", "The server failed unexpectedly; the log has the details."));
    }
}
