namespace Sandcastle.Sandbox.Contexts;

/// <summary>
/// A piece of a kernel output stream: user text, or the end of a kernel message. <see cref="Message"/> is the
/// whole message (JSON), null when it was longer than the reader's bound and dropped; <see cref="LastFrame"/> is
/// the final frame's own payload, which is a whole message of its own when the kernel's single-frame message
/// (a run's 'done') followed continuation frames the cell forged.
/// </summary>
internal readonly record struct FramePiece(string? Text, string? Message, string? LastFrame = null)
{
    public bool IsMessageEnd => Text is null;

    /// <summary>The message was longer than the reader's bound and was not kept.</summary>
    public bool Dropped => Text is null && Message is null;
}
