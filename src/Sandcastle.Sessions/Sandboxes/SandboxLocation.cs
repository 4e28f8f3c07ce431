namespace Sandcastle.Sessions.Sandboxes;

/// <summary>The node a sandbox is awake on, and its HTTP address (requests that need its disk are forwarded there).</summary>
[GenerateSerializer, Alias("Sandcastle.SandboxLocation")]
public sealed record SandboxLocation([property: Id(0)] string Node, [property: Id(1)] string HttpAddress);
