using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sandcastle.Cli.Hosting;
using Sandcastle.Cli.Sandboxing;
using Sandcastle.Generation;
using Sandcastle.Generation.Models;
using Sandcastle.Sandbox;
using Sandcastle.Server.Configuration;
using Sandcastle.Server.Execute;

namespace Sandcastle.Cli.Running;

/// <summary>Runs the generation pipeline and the sandbox in this process: nothing to deploy.</summary>
public sealed class EmbeddedRunBackend : IRunBackend
{
    public async Task<RunOutcome> RunAsync(PreparedRun run, RunSettings settings, IRunObserver observer, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var services = CliServices.Build(
        [
            new("Generation:ApiKey", settings.ApiKey),
            new("Generation:BaseUrl", settings.BaseUrl),
        ]);
        if (string.IsNullOrWhiteSpace(services.GetRequiredService<IOptions<GenerationOptions>>().Value.ApiKey))
            throw NoApiKey(ConfigurationProblems.All(services.GetRequiredService<IConfiguration>()));
        var engine = services.GetRequiredService<SandboxEngine>();
        SandboxPreflight.EnsureUsable(engine, services.GetRequiredService<IOptions<SandboxOptions>>().Value, settings.Language);
        await using var sandbox = settings.SandboxId is null ? engine.CreateEphemeral() : engine.GetOrCreate(settings.SandboxId);
        sandbox.Network = Commands.ExecCommand.AllowedNetwork([.. settings.AllowNet], engine.NetworkOptions);
        await WorkspaceComponents.InstallAsync(sandbox.Files, run, cancellationToken);
        await WorkspaceInputs.CopyInAsync(sandbox.Files, settings.Files, cancellationToken);
        var outputs = WorkspaceOutputs.Snapshot(sandbox.Files);
        var pipeline = ActivatorUtilities.CreateInstance<CodeExecutionPipeline>(services, new SandboxCodeRunner(sandbox));
        var request = new ExecutionRequest(run.Question, settings.Language)
        {
            Role = run.Role,
            Model = run.Model,
            MaxAttempts = settings.MaxAttempts,
            Timeout = settings.Timeout,
        };

        ExecuteResponse? response = null;
        var maxAttempts = 0;
        try
        {
            await foreach (var item in pipeline.RunAsync(request, cancellationToken))
            {
                switch (item)
                {
                    case PipelineStarted started:
                        maxAttempts = started.MaxAttempts;
                        observer.Started(started.Model, sandbox.Id, started.MaxAttempts);
                        break;
                    case PipelineCodeDelta delta:
                        observer.CodeDelta(delta.Attempt, delta.Text);
                        break;
                    case PipelineCode code:
                        observer.Code(code.Attempt, code.Code);
                        break;
                    case PipelineOutput output:
                        observer.Output(output.Attempt, output.Stream == OutputStream.Stderr, output.Text);
                        break;
                    case PipelineAttemptCompleted attempt:
                        observer.AttemptEnded(ExecuteResponses.From(attempt.Attempt), maxAttempts);
                        break;
                    case PipelineCompleted completed:
                        response = ExecuteResponses.From(completed.Result, sandbox.Id, clock.ElapsedMilliseconds);
                        break;
                }
            }
        }
        catch (ModelNotConfiguredException e)
        {
            throw new CliFailureException(ExitCodes.NotConfigured, e.Message, e);
        }
        catch (ModelException e)
        {
            throw new CliFailureException(ExitCodes.ModelError, $"the model API failed: {e.Message}", e);
        }
        catch (SandboxUnavailableException e)
        {
            throw SandboxPreflight.Unavailable(e.Message, e);
        }

        var saved = await outputs.CopyChangedAsync(sandbox.Files, settings.OutputDirectory, cancellationToken);
        return new RunOutcome(response ?? throw new InvalidOperationException("The pipeline ended without a result."), saved);
    }

    /// <summary>No key; when a settings file could not be read, that is likely why, so it is said too.</summary>
    public static CliFailureException NoApiKey(IReadOnlyList<string> problems) => new(ExitCodes.NotConfigured,
        "no Anthropic API key. " + ApiKeyHelp.WaysToSet + string.Concat(problems.Select(p => $" Note: {p}.")));
}
