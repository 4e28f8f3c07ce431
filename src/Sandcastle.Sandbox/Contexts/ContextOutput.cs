namespace Sandcastle.Sandbox.Contexts;

/// <summary>Text the cell (or anything it started) wrote to stdout or stderr.</summary>
public sealed record ContextOutput(OutputStream Stream, string Text) : ContextEvent;
