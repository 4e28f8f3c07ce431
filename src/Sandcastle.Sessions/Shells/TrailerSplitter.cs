using System.Text;

namespace Sandcastle.Sessions.Shells;

/// <summary>
/// Separates a command's stdout from the state trailer the session script prints after it, behind a marker with a
/// random nonce. Output is passed on as it comes, holding back only a tail that could be the start of the marker.
/// </summary>
internal sealed class TrailerSplitter(string marker)
{
    private readonly StringBuilder _pending = new();
    private StringBuilder? _trailer;

    /// <summary>The trailer, once the marker was seen.</summary>
    public string? Trailer => _trailer?.ToString();

    /// <summary>Takes a chunk of stdout; returns what is the command's own output and can be passed on now.</summary>
    public string Feed(string text)
    {
        if (_trailer is not null)
        {
            _trailer.Append(text);
            return "";
        }
        _pending.Append(text);
        var buffered = _pending.ToString();
        var at = buffered.IndexOf(marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            _trailer = new StringBuilder(buffered[(at + marker.Length)..]);
            _pending.Clear();
            return buffered[..at];
        }
        var keep = HeldBack(buffered);
        _pending.Clear().Append(buffered[^keep..]);
        return buffered[..^keep];
    }

    /// <summary>The output still held back when the stream ended without a (whole) marker.</summary>
    public string Flush()
    {
        var rest = _pending.ToString();
        _pending.Clear();
        return rest;
    }

    /// <summary>The longest tail of <paramref name="text"/> that is a proper prefix of the marker.</summary>
    private int HeldBack(string text)
    {
        for (var length = Math.Min(marker.Length - 1, text.Length); length > 0; length--)
        {
            if (text.AsSpan(text.Length - length).SequenceEqual(marker.AsSpan(0, length)))
                return length;
        }
        return 0;
    }
}
