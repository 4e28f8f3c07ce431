namespace Sandcastle.Testing;

/// <summary>One turn of a request the fake server received; block contents are joined into <see cref="Text"/>.</summary>
public sealed record RecordedMessage(string Role, string Text);
