using System.Text.Json.Nodes;

namespace Sandcastle.Client;

/// <summary>A server's health: the HTTP status (200 or 503), its status word, and the whole report (sandbox and model readiness).</summary>
public sealed record ServerHealth(int StatusCode, string Status, JsonNode? Report)
{
    public bool IsHealthy => StatusCode == 200;
}
