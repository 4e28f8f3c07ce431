using System.Text.Json;
using System.Text.Json.Nodes;
using Sandcastle.Generation;
using Sandcastle.Sandbox;
using Sandcastle.Server.Errors;

namespace Sandcastle.Server.Execute;

/// <summary>
/// The JSON of each Server-Sent Event of a streamed POST /execute: an object whose first field is <c>type</c>:
/// start, code_delta, code, stdout, stderr, attempt (an attempt ended), complete (the JSON answer's fields) or error.
/// </summary>
public sealed class ExecuteStreamEvents(JsonSerializerOptions json)
{
    public string Start(PipelineStarted started, string sandboxId) => Write("start", new
    {
        started.Question,
        Language = started.Language.ToWireName(),
        started.Model,
        started.MaxAttempts,
        SandboxId = sandboxId,
    });

    /// <summary>Null for pipeline events that are not sent (the final result is sent by <see cref="Complete"/>).</summary>
    public string? From(PipelineEvent item) => item switch
    {
        PipelineCodeDelta delta => Write("code_delta", new { delta.Attempt, delta.Text }),
        PipelineCode code => Write("code", new { code.Attempt, code.Code }),
        PipelineOutput output => Write(output.Stream == OutputStream.Stdout ? "stdout" : "stderr", new { output.Attempt, output.Text }),
        PipelineAttemptCompleted attempt => Write("attempt", ExecuteResponses.From(attempt.Attempt)),
        _ => null,
    };

    public string Complete(ExecuteResponse response) => Write("complete", response);

    public string Error(int status, ApiError error) => Write("error", new { error.Error, error.Message, Status = status });

    private string Write<T>(string type, T payload)
    {
        var fields = JsonSerializer.SerializeToNode(payload, json)!.AsObject();
        var item = new JsonObject { ["type"] = type };
        foreach (var (name, value) in fields.ToList())
        {
            fields.Remove(name);
            item[name] = value;
        }
        return item.ToJsonString(json);
    }
}
