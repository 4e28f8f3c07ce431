namespace Sandcastle.Server.Health;

/// <summary>The body of GET /, as the seed's worker: what this is and how to use it.</summary>
/// <param name="Endpoints">"METHOD /path" → what it does, for every mapped endpoint.</param>
public sealed record ServiceInfo(string Name, string Version, IReadOnlyDictionary<string, string> Endpoints, string Usage);
