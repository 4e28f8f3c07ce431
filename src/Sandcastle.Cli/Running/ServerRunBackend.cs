using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sandcastle.Cli.Remote;
using Sandcastle.Sandbox;
using Sandcastle.Server.Execute;

namespace Sandcastle.Cli.Running;

/// <summary>Runs on a <c>sandcastle serve</c>: POST /execute as Server-Sent Events, rendered like an embedded run.</summary>
public sealed class ServerRunBackend(HttpClient http) : IRunBackend
{
    public async Task<RunOutcome> RunAsync(PreparedRun run, RunSettings settings, IRunObserver observer, CancellationToken cancellationToken)
    {
        var client = new SandcastleClient(http, settings.Server!, settings.ServerApiKey);
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
    }

    private async Task<RunOutcome> ExecuteAsync(SandcastleClient client, PreparedRun run, RunSettings settings, IRunObserver observer, CancellationToken cancellationToken)
    {
        var server = settings.Server!;
        var body = new JsonObject
        {
            ["question"] = run.Question,
            ["language"] = settings.Language.ToWireName(),
            ["stream"] = true,
        };
        if (settings.Timeout is { } timeout)
            body["timeout"] = (long)timeout.TotalMilliseconds;
        if (settings.MaxAttempts is { } attempts)
            body["maxAttempts"] = attempts;
        if (settings.SandboxId is { } sandboxId)
            body["sandboxId"] = sandboxId;
        if (settings.AllowNet.Count > 0)
            body["network"] = new JsonObject { ["allow"] = new JsonArray([.. settings.AllowNet.Select(entry => JsonValue.Create(entry))]) };
        // As in an embedded run: the agents' bodies are the system prompt's role section, their model answers.
        if (run.Role is { } role)
            body["role"] = role;
        if (run.Model is { } model)
            body["model"] = model;

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "execute")) { Content = JsonContent.Create(body, options: RunJson.Options) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        client.Authorize(request);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw Unreachable(server, e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw ServerErrors.FromBody((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                return await ReadEventsAsync(stream, observer, cancellationToken)
                    ?? throw new CliFailureException(ExitCodes.ServerUnreachable, $"the server at {server} ended the stream without a result.");
            }
            catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CliFailureException(ExitCodes.ServerUnreachable, $"the connection to the server at {server} broke: {e.Message}", e);
            }
        }
    }

    public static CliFailureException Unreachable(Uri server, Exception e) => new(ExitCodes.ServerUnreachable,
        $"cannot reach the Sandcastle server at {server} ({e.Message}). Start one with `sandcastle serve`, or leave out --server (and SANDCASTLE_SERVER) to run embedded.", e);

    private static async Task<RunOutcome?> ReadEventsAsync(Stream stream, IRunObserver observer, CancellationToken cancellationToken)
    {
        var maxAttempts = 0;
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            var data = JsonNode.Parse(item.Data)?.AsObject();
            var type = data?["type"]?.GetValue<string>() ?? item.EventType;
            switch (type)
            {
                case "start":
                    maxAttempts = data!["maxAttempts"]?.GetValue<int>() ?? 0;
                    observer.Started(data["model"]?.GetValue<string>() ?? "", data["sandboxId"]?.GetValue<string>() ?? "", maxAttempts);
                    break;
                case "code_delta":
                    observer.CodeDelta(Attempt(data), data!["text"]?.GetValue<string>() ?? "");
                    break;
                case "code":
                    observer.Code(Attempt(data), data!["code"]?.GetValue<string>() ?? "");
                    break;
                case "stdout" or "stderr":
                    observer.Output(Attempt(data), type == "stderr", data!["text"]?.GetValue<string>() ?? "");
                    break;
                case "attempt":
                    observer.AttemptEnded(data.Deserialize<ExecuteAttempt>(RunJson.Options)!, maxAttempts);
                    break;
                case "complete":
                    return new RunOutcome(data.Deserialize<ExecuteResponse>(RunJson.Options)!, [],
                        "this server has no /v1/sandboxes API, so files the program made stay on it.");
                case "error":
                    throw ServerErrors.From(data!["status"]?.GetValue<int>() ?? 500, data["error"]?.GetValue<string>(), data["message"]?.GetValue<string>());
            }
        }
        return null;
    }

    private static int Attempt(JsonObject? data) => data?["attempt"]?.GetValue<int>() ?? 1;
}
