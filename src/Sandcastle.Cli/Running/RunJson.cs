using System.Text.Json;

namespace Sandcastle.Cli.Running;

/// <summary>The JSON conventions of the server's API (camelCase), for requests, events and --json output.</summary>
public static class RunJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static JsonSerializerOptions Indented { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
