using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http;
using Sandcastle.Server.Sandboxes;

namespace Sandcastle.Server.Agents;

/// <summary><c>POST /v1/sandboxes/{id}/agent</c>: JSON when the run has ended (its result with its events), or server-sent events as it runs.</summary>
internal static class AgentEndpoints
{
    public static async Task<IResult> Run(string id, AgentBody body, HttpContext http, AgentRunner runner)
    {
        runner.Validate(body);
        var ct = http.RequestAborted;
        var events = runner.RunAsync(id, body, http, ct);
        if (http.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
            return await GuardedStream.ServeAsync(events, e => new SseItem<object>(e, e.Type), e => e.Type == "result", ct);
        var seen = new List<AgentEvent>();
        await foreach (var e in events.WithCancellation(ct))
        {
            if (e.Type == "result")
                return TypedResults.Ok(e with { Events = seen });
            seen.Add(e);
        }
        return SandboxErrors.Create(StatusCodes.Status503ServiceUnavailable, "agent_failed", "The agent run ended without a result.");
    }
}
