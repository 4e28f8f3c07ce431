namespace Sandcastle.Sessions.Contexts;

/// <summary>Text the cell wrote; <see cref="Stream"/> is "stdout" or "stderr".</summary>
[GenerateSerializer, Immutable, Alias("Sandcastle.CellOutput")]
public sealed record CellOutput([property: Id(0)] string Stream, [property: Id(1)] string Text) : CellEvent;
