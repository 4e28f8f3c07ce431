namespace Sandcastle.Server.Health;

/// <summary>Whether an API key is configured (never the key) and which model answers by default.</summary>
public sealed record ModelReadiness(bool Configured, string Name);
