using System.Text.Json.Nodes;

namespace Sandcastle.Cli.Running;

/// <summary><c>run --json</c>: the /execute shape, then where the run's files went.</summary>
public static class RunJsonResult
{
    public static JsonObject From(RunOutcome outcome, string outputDirectory)
    {
        var json = System.Text.Json.JsonSerializer.SerializeToNode(outcome.Response, RunJson.Options)!.AsObject();
        json["outputDir"] = outcome.SavedFiles.Count > 0 ? outputDirectory : null;
        json["files"] = new JsonArray([.. outcome.SavedFiles.Select(f => JsonValue.Create(f))]);
        return json;
    }
}
