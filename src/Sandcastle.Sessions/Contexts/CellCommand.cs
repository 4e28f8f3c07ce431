namespace Sandcastle.Sessions.Contexts;

/// <summary>Code to run in a context; no timeout: the sandbox's.</summary>
[GenerateSerializer, Immutable, Alias("Sandcastle.CellCommand")]
public sealed record CellCommand([property: Id(0)] string Code, [property: Id(1)] long? TimeoutMs);
