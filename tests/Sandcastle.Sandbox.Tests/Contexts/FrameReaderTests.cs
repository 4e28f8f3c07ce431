using Sandcastle.Sandbox.Contexts;

namespace Sandcastle.Sandbox.Tests.Contexts;

public sealed class FrameReaderTests
{
    private const string Token = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void Frames_SplitAcrossChunks_AreReassembled_AndTextAroundThemKept()
    {
        var reader = new FrameReader(Token);
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
        var reader = new FrameReader(Token);
        var pieces = new List<FramePiece>();

        reader.Feed("a\u001e0123", pieces);
        reader.Feed("x:{}\n\u001e", pieces);
        reader.Feed("b", pieces);

        Assert.Equal("a\u001e0123x:{}\n\u001eb", string.Concat(pieces.Select(p => p.Text)));
        Assert.DoesNotContain(pieces, p => p.Message is not null);
    }
}
