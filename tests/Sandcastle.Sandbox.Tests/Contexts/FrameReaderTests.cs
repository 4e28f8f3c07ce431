using Sandcastle.Sandbox.Contexts;

namespace Sandcastle.Sandbox.Tests.Contexts;

public sealed class FrameReaderTests
{
    private const string Token = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void Frames_SplitAcrossChunks_AreReassembled_AndTextAroundThemKept()
    {
        var reader = new FrameReader(Token, 1 << 20);
        var pieces = new List<FramePiece>();
        var stream = $"partial\u001e{Token}+{{\"t\":\"res\n\u001e{Token}:ult\"}}\ntail\n";

        foreach (var chunk in stream.Chunk(3))
            reader.Feed(new string(chunk), pieces);

        Assert.Equal("partialtail\n", string.Concat(pieces.Select(p => p.Text)));
        Assert.Equal(["{\"t\":\"result\"}"], pieces.Where(p => p.Message is not null).Select(p => p.Message!));
    }

    [Fact]
    public void TextThatOnlyLooksLikeAMarker_IsText()
    {
        var reader = new FrameReader(Token, 1 << 20);
        var pieces = new List<FramePiece>();

        reader.Feed("a\u001e0123", pieces);
        reader.Feed("x:{}\n\u001e", pieces);
        reader.Feed("b", pieces);

        Assert.Equal("a\u001e0123x:{}\n\u001eb", string.Concat(pieces.Select(p => p.Text)));
        Assert.DoesNotContain(pieces, p => p.Message is not null);
    }

    [Fact]
    public void AMessageLongerThanTheBound_IsDropped_AndSaidSo_AndTheNextOneReadWhole()
    {
        var reader = new FrameReader(Token, maxMessageChars: 10_000);
        var pieces = new List<FramePiece>();
        var chunk = $"\u001e{Token}+{new string('x', 4000)}\n";

        for (var i = 0; i < 100; i++)
            reader.Feed(chunk, pieces);
        reader.Feed($"\u001e{Token}:end\n\u001e{Token}:{{\"t\":\"done\"}}\n", pieces);

        Assert.Single(pieces, p => p.Dropped);
        Assert.Equal(["{\"t\":\"done\"}"], pieces.Where(p => p.Message is not null).Select(p => p.Message!));
    }

    [Fact]
    public void AMarkerWithoutAnEndWithinAFrame_IsText_AndNothingPilesUp()
    {
        var reader = new FrameReader(Token, 1 << 20);
        var pieces = new List<FramePiece>();
        var filler = new string('y', 16 * 1024);

        reader.Feed($"\u001e{Token}:", pieces);
        for (var i = 0; i < 64; i++)
            reader.Feed(filler, pieces);

        var text = string.Concat(pieces.Select(p => p.Text));
        Assert.StartsWith($"\u001e{Token}:yyy", text, StringComparison.Ordinal);
        Assert.InRange(text.Length, 64 * filler.Length - 8 * 1024, 64 * filler.Length + 100);
        Assert.DoesNotContain(pieces, p => p.Message is not null);
    }
}
