namespace Sandcastle.Cli.Components;

/// <summary>A component's markdown, read from its source.</summary>
public sealed record ComponentFile(ComponentEntry Entry, string Text);
