using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sandcastle.Cli.Monitor;

/// <summary>Turns a JSON tree into "a.b.c = value" pairs for a two-column table.</summary>
public static class JsonFlattener
{
    public static List<KeyValuePair<string, string>> Flatten(JsonNode? node, string prefix = "")
    {
        var pairs = new List<KeyValuePair<string, string>>();
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                    pairs.AddRange(Flatten(value, prefix.Length == 0 ? key : $"{prefix}.{key}"));
                break;
            case JsonArray array when array.All(i => i is JsonValue):
                pairs.Add(new(prefix, string.Join(", ", array.Select(Scalar))));
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    pairs.AddRange(Flatten(array[i], $"{prefix}[{i}]"));
                break;
            default:
                pairs.Add(new(prefix, Scalar(node)));
                break;
        }
        return pairs;
    }

    public static string Scalar(JsonNode? node) => node switch
    {
        null => "-",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };
}
