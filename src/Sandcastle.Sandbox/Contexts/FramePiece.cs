namespace Sandcastle.Sandbox.Contexts;

/// <summary>A piece of a kernel output stream: user text, or one whole kernel message (JSON).</summary>
internal readonly record struct FramePiece(string? Text, string? Message);
