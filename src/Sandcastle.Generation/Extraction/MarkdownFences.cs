using System.Text;

namespace Sandcastle.Generation.Extraction;

/// <summary>Finds ``` and ~~~ fenced blocks the way CommonMark does, line by line.</summary>
public static class MarkdownFences
{
    public static IReadOnlyList<FencedBlock> Parse(string text)
    {
        var blocks = new List<FencedBlock>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!TryOpen(lines[i], out var fence, out var indent, out var tag))
                continue;
            var content = new StringBuilder();
            var closed = false;
            for (i++; i < lines.Length; i++)
            {
                if (IsClose(lines[i], fence))
                {
                    closed = true;
                    break;
                }
                content.Append(Unindent(lines[i], indent)).Append('\n');
            }
            blocks.Add(new FencedBlock(tag, content.ToString(), closed));
        }
        return blocks;
    }

    private static bool TryOpen(string line, out string fence, out int indent, out string tag)
    {
        fence = tag = "";
        indent = line.Length - line.TrimStart(' ').Length;
        var rest = line[indent..];
        // Indented more than three spaces it is CommonMark's indented code; models indent fences inside list items, so allow it.
        if (rest.Length < 3 || (rest[0] != '`' && rest[0] != '~'))
            return false;
        var length = 0;
        while (length < rest.Length && rest[length] == rest[0])
            length++;
        if (length < 3)
            return false;
        fence = rest[..length];
        tag = rest[length..].Trim();
        // A backtick fence's info string may not contain a backtick (that is inline code such as ```x```).
        return !(rest[0] == '`' && tag.Contains('`'));
    }

    private static bool IsClose(string line, string fence)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= fence.Length && trimmed.All(c => c == fence[0]);
    }

    private static string Unindent(string line, int indent)
    {
        var spaces = 0;
        while (spaces < indent && spaces < line.Length && line[spaces] == ' ')
            spaces++;
        return line[spaces..];
    }
}
