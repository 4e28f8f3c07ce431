using System.Text;

namespace Sandcastle.Sandbox.Contexts;

/// <summary>
/// Splits one of the kernel's output streams into user text and kernel messages. A message is framed as
/// <c>RS token ':' json LF</c>, or cut into <c>RS token '+' chunk LF</c> frames followed by a ':' frame; the
/// kernel writes each frame in one atomic pipe write, so frames are never torn by other writers, and the random
/// token means no user output can be mistaken for one. Text that might be the start of a marker is held back
/// until the next chunk tells.
/// </summary>
internal sealed class FrameReader(string token)
{
    private readonly string _marker = "\u001e" + token;
    private readonly StringBuilder _pending = new();
    private readonly StringBuilder _message = new();

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
            var end = text.IndexOf('\n', kind);
            if (end < 0)
            {
                position = start;
                break;
            }
            if (end > kind)
            {
                _message.Append(text, kind + 1, end - kind - 1);
                if (text[kind] == ':')
                {
                    pieces.Add(new FramePiece(null, _message.ToString()));
                    _message.Clear();
                }
                else if (text[kind] != '+')
                {
                    _message.Clear(); // Not a frame this kernel writes: drop it rather than guess.
                }
            }
            position = end + 1;
        }
        _pending.Clear();
        _pending.Append(text, position, text.Length - position);
    }

    private int PossibleMarkerStart(string text, int position)
    {
        var last = text.LastIndexOf('\u001e');
        if (last < position || text.Length - last >= _marker.Length)
            return text.Length;
        return _marker.AsSpan().StartsWith(text.AsSpan(last)) ? last : text.Length;
    }
}
