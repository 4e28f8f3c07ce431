namespace Sandcastle.Generation.Extraction;

/// <summary>A fenced block of a Markdown reply.</summary>
/// <param name="Tag">The info string after the opening fence, trimmed ("" when none).</param>
/// <param name="Content">The lines between the fences.</param>
/// <param name="Closed">False when the reply ended inside the block (a reply cut at the token limit).</param>
public sealed record FencedBlock(string Tag, string Content, bool Closed);
