using System.Text;

namespace Sandcastle.Sandbox.Contexts;

/// <summary>
/// Splits one of the kernel's output streams into user text and kernel messages. A message is framed as
/// <c>RS token ':' json LF</c>, or cut into <c>RS token '+' chunk LF</c> frames followed by a ':' frame; the
/// kernel writes each frame in one atomic pipe write, so frames are never torn by other writers, and the random
/// token means no user output can be mistaken for one. Text that might be the start of a marker is held back
/// until the next chunk tells.
/// The token is no secret from the cell (it runs in the kernel's process), so nothing here trusts a frame's
/// size: a "frame" longer than any the kernel writes is text, and a message past <see cref="MaxMessageChars"/>
/// is dropped (reported as <see cref="FramePiece.Dropped"/>) instead of gathered. What the reader holds is bounded.
/// A cell that forges continuation frames without an end spoils only the message they run into: the final frame
/// is also given alone, so the kernel's own end of run still gets through.
/// </summary>
internal sealed class FrameReader(string token, int maxMessageChars)
{
    /// <summary>Messages longer than this are dropped; the kernel lowers it as a run's result budget is spent.</summary>
    public int MaxMessageChars { get; set; } = maxMessageChars;

    /// <summary>The kernels write at most 4000 payload characters a frame (one atomic pipe write).</summary>
    private const int MaxFramePayload = 4096;

    private readonly string _marker = "\u001e" + token;
    private readonly StringBuilder _pending = new();
    private readonly StringBuilder _message = new();
    private bool _dropping;

    private int MaxFrameChars => _marker.Length + MaxFramePayload + 2;

    public void Feed(string chunk, List<FramePiece> pieces)
    {
        _pending.Append(chunk);
        var text = _pending.ToString();
        var position = 0;
        while (true)
        {
            var start = text.IndexOf(_marker, position, StringComparison.Ordinal);
            if (start < 0)
            {
                var hold = PossibleMarkerStart(text, position);
                if (hold > position)
                    pieces.Add(new FramePiece(text[position..hold], null));
                position = hold;
                break;
            }
            if (start > position)
                pieces.Add(new FramePiece(text[position..start], null));
            var kind = start + _marker.Length;
            var end = text.IndexOf('\n', kind, Math.Min(text.Length - kind, MaxFrameChars));
            if (end < 0)
            {
                if (text.Length - start < MaxFrameChars)
                {
                    position = start;
                    break;
                }
                // Longer than any frame the kernel writes: the cell's own bytes. Pass the marker on as text.
                pieces.Add(new FramePiece(text[start..kind], null));
                position = kind;
                continue;
            }
            if (end > kind)
                OnFrame(text, kind, end, pieces);
            position = end + 1;
        }
        _pending.Clear();
        _pending.Append(text, position, text.Length - position);
    }

    private void OnFrame(string text, int kind, int end, List<FramePiece> pieces)
    {
        if (text[kind] is not (':' or '+'))
        {
            _message.Clear(); // Not a frame this kernel writes: drop it rather than guess.
            _dropping = false;
            return;
        }
        var length = end - kind - 1;
        if (!_dropping && _message.Length + length > MaxMessageChars)
        {
            _dropping = true;
            _message.Clear();
        }
        if (!_dropping)
            _message.Append(text, kind + 1, length);
        if (text[kind] != ':')
            return;
        var last = text.Substring(kind + 1, length);
        pieces.Add(new FramePiece(null, _dropping ? null : _message.ToString(), last));
        _message.Clear();
        _dropping = false;
    }

    private int PossibleMarkerStart(string text, int position)
    {
        var last = text.LastIndexOf('\u001e');
        if (last < position || text.Length - last >= _marker.Length)
            return text.Length;
        return _marker.AsSpan().StartsWith(text.AsSpan(last)) ? last : text.Length;
    }
}
