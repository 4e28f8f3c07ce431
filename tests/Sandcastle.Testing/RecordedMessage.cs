namespace Sandcastle.Testing;

/// <summary>One turn of a request the fake server received; text blocks are joined into <see cref="Text"/>, tool results into <see cref="ToolResults"/>.</summary>
public sealed record RecordedMessage(string Role, string Text, string ToolResults = "");
