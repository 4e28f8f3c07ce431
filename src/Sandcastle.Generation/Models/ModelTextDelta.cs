namespace Sandcastle.Generation.Models;

/// <summary>The next piece of the reply's text.</summary>
public sealed record ModelTextDelta(string Text) : ModelStreamEvent;
