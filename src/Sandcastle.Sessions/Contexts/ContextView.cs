namespace Sandcastle.Sessions.Contexts;

/// <summary>A code context of a sandbox: its language (python, javascript, typescript) and whether its kernel runs.</summary>
[GenerateSerializer, Alias("Sandcastle.ContextView")]
public sealed record ContextView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Language,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] int ExecutionCount,
    [property: Id(4)] bool Alive);
