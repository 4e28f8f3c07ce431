using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sandcastle.Generation.Extraction;
using Sandcastle.Generation.Models;
using Sandcastle.Generation.Prompts;
using Sandcastle.Sandbox;

namespace Sandcastle.Generation;

/// <summary>
/// Answers a question by asking the model for a program, running it, and, when it fails, sending the program and
/// its errors back for a fixed version, up to the request's attempt limit. Model failures
/// (<see cref="ModelException"/>, <see cref="ModelNotConfiguredException"/>) and runner failures propagate;
/// a failed program or a reply without code is a result, not an exception.
/// </summary>
public sealed class CodeExecutionPipeline(
    ICodeModel model, ICodeRunner runner, IOptions<GenerationOptions> options, ILogger<CodeExecutionPipeline> logger)
{
    public const string NoCodeReason = "no_code";

    /// <summary>Streams the whole run; the last event is <see cref="PipelineCompleted"/>. Cancelling stops the model and the program.</summary>
    public async IAsyncEnumerable<PipelineEvent> RunAsync(
        ExecutionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Question);
        var plan = ExecutionPlan.From(request, options.Value);
        var total = Stopwatch.StartNew();
        var system = SystemPrompts.For(request.Language, request.Role);
        var conversation = new List<ModelMessage> { ModelMessage.User(FollowUpPrompts.Question(request.Question)) };
        var attempts = new List<ExecutionAttempt>();
        var usage = TokenUsage.Zero;
        var modelName = plan.Model;
        string? code = null;
        yield return new PipelineStarted(request.Question, request.Language, plan.Model, plan.MaxAttempts);

        for (var attempt = 1; attempt <= plan.MaxAttempts; attempt++)
        {
            var reply = new ReplyCollector(plan.Model);
            var modelRequest = new ModelRequest(system, [.. conversation], plan.Model, plan.MaxTokens);
            await foreach (var item in GenerateAsync(attempt, modelRequest, reply, cancellationToken))
                yield return item;
            usage += reply.Usage;
            modelName = reply.Model;
            // The API refuses empty assistant turns.
            conversation.Add(ModelMessage.Assistant(reply.Text.Length > 0 ? reply.Text : "(no reply)"));

            code = CodeExtractor.TryExtract(reply.Text, request.Language);
            ExecutionAttempt record;
            string followUp;
            if (code is null)
            {
                var error = new NoCodeException(reply.Text, LanguageTags.DisplayName(request.Language)).Message;
                record = new ExecutionAttempt(attempt, null, "", error, null, NoCodeReason, reply.ElapsedMs, 0);
                followUp = FollowUpPrompts.NoCode(request.Language);
            }
            else
            {
                yield return new PipelineCode(attempt, code);
                var run = new RunCollector(plan.Timeout);
                await foreach (var item in ExecuteAsync(attempt, request.Language, code, plan.Timeout, run, cancellationToken))
                    yield return item;
                record = run.ToAttempt(attempt, code, reply.ElapsedMs);
                followUp = FollowUpPrompts.Fix(request.Language, code, run.Stdout, run.Stderr, run.Failure ?? "", reply.HitMaxTokens);
            }
            attempts.Add(record);
            yield return new PipelineAttemptCompleted(record);
            if (record.Success)
                break;
            logger.LogInformation("Attempt {Attempt} of {MaxAttempts} failed: {Reason}.", attempt, plan.MaxAttempts, record.Reason);
            conversation.Add(ModelMessage.User(followUp));
        }

        var last = attempts[^1];
        yield return new PipelineCompleted(new ExecutionResult(
            last.Success, request.Question, last.Code, last.Output, last.Error, request.Language, last.ExitCode, last.Reason,
            attempts.Sum(a => a.GenerationMs), attempts.Sum(a => a.ExecutionMs), total.ElapsedMilliseconds, modelName, usage, attempts));
    }

    /// <summary>Runs the request to its end and returns the final result.</summary>
    public async Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken = default)
    {
        await foreach (var item in RunAsync(request, cancellationToken))
        {
            if (item is PipelineCompleted completed)
                return completed.Result;
        }
        throw new InvalidOperationException("The pipeline ended without a result.");
    }

    private async IAsyncEnumerable<PipelineEvent> GenerateAsync(
        int attempt, ModelRequest request, ReplyCollector reply, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in model.StreamAsync(request, cancellationToken))
        {
            switch (item)
            {
                case ModelTextDelta delta:
                    reply.Append(delta.Text);
                    yield return new PipelineCodeDelta(attempt, delta.Text);
                    break;
                case ModelCompleted completed:
                    reply.Complete(completed);
                    break;
            }
        }
    }

    private async IAsyncEnumerable<PipelineEvent> ExecuteAsync(
        int attempt, SandboxLanguage language, string code, TimeSpan timeout, RunCollector run,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in runner.RunAsync(language, code, timeout, cancellationToken))
        {
            switch (item)
            {
                case ExecOutput output:
                    run.Append(output);
                    yield return new PipelineOutput(attempt, output.Stream, output.Text);
                    break;
                case ExecCompleted completed:
                    run.Result = completed.Result;
                    break;
            }
        }
        // A runner reports cancellation as a "cancelled" result; the caller asked to stop, so stop.
        cancellationToken.ThrowIfCancellationRequested();
    }
}
