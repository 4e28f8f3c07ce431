using System.Text.Json;
using Sandcastle.Cli.Remote;
using Sandcastle.Client;
using Sandcastle.Client.Execute;
using Sandcastle.Sandbox;
using Sandcastle.Server.Execute;

namespace Sandcastle.Cli.Running;

/// <summary>Runs on a <c>sandcastle serve</c>: POST /execute as a stream through the client library, rendered like an embedded run.</summary>
public sealed class ServerRunBackend(HttpClient http) : IRunBackend
{
    public Task<RunOutcome> RunAsync(PreparedRun run, RunSettings settings, IRunObserver observer, CancellationToken cancellationToken) =>
        RemoteServer.GuardAsync(settings.Server!, async () =>
        {
            var client = RemoteServer.Connect(settings.Server!, http, settings.ServerApiKey);
            var workspace = await ServerWorkspace.OpenAsync(client, settings.SandboxId, cancellationToken);
            if (workspace is null)
            {
                if (settings.Files.Count > 0)
                    throw new CliFailureException(ExitCodes.Failure, $"the server at {settings.Server} has no /v1/sandboxes API to take --file uploads.");
                return await ExecuteAsync(client, run, settings, observer, cancellationToken);
            }
            try
            {
                await workspace.PrepareAsync(run, settings.Files, cancellationToken);
                var outcome = await ExecuteAsync(client, run, settings with { SandboxId = workspace.SandboxId }, observer, cancellationToken);
                return outcome with { SavedFiles = await workspace.DownloadChangedAsync(settings.OutputDirectory, cancellationToken), FilesNote = null };
            }
            finally
            {
                await workspace.ReleaseAsync(CancellationToken.None);
            }
        }, cancellationToken);

    private static async Task<RunOutcome> ExecuteAsync(SandcastleClient client, PreparedRun run, RunSettings settings, IRunObserver observer, CancellationToken cancellationToken)
    {
        // As in an embedded run: the agents' bodies are the system prompt's role section, their model answers.
        var request = new ExecuteRequest(
            run.Question,
            Language: settings.Language.ToWireName(),
            Timeout: settings.Timeout is { } timeout ? (long)timeout.TotalMilliseconds : null,
            MaxAttempts: settings.MaxAttempts,
            SandboxId: settings.SandboxId,
            Role: run.Role,
            Model: run.Model,
            Network: settings.AllowNet.Count > 0 ? new NetworkAllowList([.. settings.AllowNet]) : null);
        var maxAttempts = 0;
        await foreach (var item in client.ExecuteStreamAsync(request, cancellationToken))
        {
            switch (item)
            {
                case ExecuteStarted started:
                    maxAttempts = started.MaxAttempts;
                    observer.Started(started.Model, started.SandboxId, started.MaxAttempts);
                    break;
                case ExecuteCodeDelta delta:
                    observer.CodeDelta(delta.Attempt, delta.Text);
                    break;
                case ExecuteCode code:
                    observer.Code(code.Attempt, code.Code);
                    break;
                case ExecuteOutput output:
                    observer.Output(output.Attempt, output.Stream == "stderr", output.Text);
                    break;
                case ExecuteAttemptEnded ended:
                    observer.AttemptEnded(Convert<Sandcastle.Server.Execute.ExecuteAttempt>(ended.Attempt), maxAttempts);
                    break;
                case ExecuteCompleted completed:
                    return new RunOutcome(Convert<ExecuteResponse>(completed.Result), [],
                        "this server has no /v1/sandboxes API, so files the program made stay on it.");
            }
        }
        throw new SandcastleApiException(0, "stream_failed", "the stream ended without a result.", "stream_failed");
    }

    // The client's records and the renderer's are the same wire shape.
    private static T Convert<T>(object value) => JsonSerializer.SerializeToElement(value, RunJson.Options).Deserialize<T>(RunJson.Options)!;
}
