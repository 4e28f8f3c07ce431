using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sandcastle.Client.Http;

/// <summary>The server's JSON conventions: camelCase names, nulls left out of requests.</summary>
internal static class SandcastleJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
