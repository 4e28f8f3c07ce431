using System.Text.Json.Serialization;

namespace Sandcastle.Server.Sandboxes;

/// <summary>A whole run, in the shape of Cloudflare's code interpreter: each result is a MIME bundle (mime type → data).</summary>
public sealed record ContextRunResponse(
    ContextRunLogs Logs,
    List<Dictionary<string, string>> Results,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ContextRunError? Error,
    int ExecutionCount);
