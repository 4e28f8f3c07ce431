namespace Sandcastle.Sessions.Contexts;

/// <summary>
/// The error a run ended with: the cell's exception, <c>TimeoutError</c>, or <c>ContextDied</c> / <c>ContextDead</c>
/// when the kernel is gone (restart the context to go on).
/// </summary>
[GenerateSerializer, Immutable, Alias("Sandcastle.CellError")]
public sealed record CellError(
    [property: Id(0)] string Name,
    [property: Id(1)] string Message,
    [property: Id(2)] List<string> Traceback) : CellEvent;
