using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Sandcastle.Server.Tenancy;
using Sandcastle.Sessions.Contexts;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Sandboxes;

/// <summary>
/// Code contexts: stateful interpreters whose variables persist from run to run. They live while the sandbox is
/// awake; a sandbox that slept has lost them (404 saying so).
/// </summary>
internal static class ContextEndpoints
{
    public static async Task<IResult> Create(string id, CreateContextBody? body, HttpContext http, SandboxDirectory sandboxes)
    {
        if (string.IsNullOrWhiteSpace(body?.Language))
            return SandboxErrors.BadRequest("'language' is required: python, javascript or typescript.");
        var context = await Grain(id, http, sandboxes).CreateContextAsync(body.Language);
        return TypedResults.Created($"/v1/sandboxes/{id}/contexts/{context.Id}", context);
    }

    public static async Task<Ok<ContextList>> List(string id, HttpContext http, SandboxDirectory sandboxes) =>
        TypedResults.Ok(new ContextList(await Grain(id, http, sandboxes).ListContextsAsync()));

    public static async Task<Ok<ContextView>> Get(string id, string contextId, HttpContext http, SandboxDirectory sandboxes) =>
        TypedResults.Ok(await Grain(id, http, sandboxes).GetContextAsync(contextId));

    public static async Task<NoContent> Delete(string id, string contextId, HttpContext http, SandboxDirectory sandboxes)
    {
        await Grain(id, http, sandboxes).DeleteContextAsync(contextId);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<ContextView>> Restart(string id, string contextId, HttpContext http, SandboxDirectory sandboxes) =>
        TypedResults.Ok(await Grain(id, http, sandboxes).RestartContextAsync(contextId));

    /// <summary>JSON once the run ended, or server-sent events as it runs (stdout, stderr, result, error, complete).</summary>
    public static async Task<IResult> Run(string id, string contextId, RunContextBody? body, HttpContext http, SandboxDirectory sandboxes)
    {
        if (body?.Code is null)
            return SandboxErrors.BadRequest("'code' is required.");
        var ct = http.RequestAborted;
        var events = Grain(id, http, sandboxes).RunContextAsync(contextId, new CellCommand(body.Code, body.TimeoutMs), ct);
        if (http.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
            return await GuardedStream.ServeAsync(events, ToEvent, e => e is CellCompleted, ct);
        return await CollectAsync(events, http.Response);
    }

    /// <summary>Answers as soon as the run completes; the grain's stream is closed once the response has gone (as an exec's).</summary>
    private static async Task<IResult> CollectAsync(IAsyncEnumerable<CellEvent> events, HttpResponse response)
    {
        var logs = new ContextRunLogs([], []);
        var results = new List<Dictionary<string, string>>();
        ContextRunError? error = null;
        var enumerator = events.GetAsyncEnumerator();
        response.RegisterForDisposeAsync(enumerator);
        while (await enumerator.MoveNextAsync())
        {
            switch (enumerator.Current)
            {
                case CellOutput { Stream: "stdout" } output: logs.Stdout.Add(output.Text); break;
                case CellOutput output: logs.Stderr.Add(output.Text); break;
                case CellResult result: results.Add(result.Data); break;
                case CellError e: error = new ContextRunError(e.Name, e.Message, e.Traceback); break;
                case CellCompleted completed: return TypedResults.Ok(new ContextRunResponse(logs, results, error, completed.ExecutionCount));
            }
        }
        return SandboxErrors.Create(StatusCodes.Status503ServiceUnavailable, "run_failed", "The run ended without a result.");
    }

    private static SseItem<object> ToEvent(CellEvent item) => item switch
    {
        CellOutput output => new(new StreamEvent(output.Stream) { Data = output.Text }, output.Stream),
        CellResult result => new(result.Data, "result"),
        CellError error => new(new ContextRunError(error.Name, error.Message, error.Traceback), "error"),
        CellCompleted completed => new(new ContextCompletedEvent(completed.ExecutionCount), "complete"),
        _ => new(new StreamEvent("error") { Error = "stream_failed", Message = "Unknown event." }, "error"),
    };

    private static ISandboxGrain Grain(string id, HttpContext http, SandboxDirectory sandboxes) =>
        sandboxes.Get(SandboxAddress.Create(Tenant.From(http).Id, id));
}
