using System.Text.Json;

namespace Sandcastle.Client.Http;

/// <summary>One server-sent event: its name (or the data's <c>type</c> when unnamed) and its JSON data.</summary>
internal sealed record SseEvent(string Name, JsonElement Data);
