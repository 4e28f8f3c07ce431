using System.Text.RegularExpressions;

namespace Sandcastle.Generation.Extraction;

/// <summary>
/// Recognises code that arrived without fences. Line-based: a line counts as code on positive evidence
/// (a keyword, an assignment, a call, closing punctuation, indentation); prose lines around the code are dropped.
/// </summary>
public static partial class BareCode
{
    /// <summary>Share of code lines the remaining text must reach.</summary>
    private const double MinCodeShare = 0.75;

    /// <summary>The code in <paramref name="text"/> with prose lines before and after removed, or null when it is not code.</summary>
    public static string? Find(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var first = Array.FindIndex(lines, IsCodeLine);
        if (first < 0)
            return null;
        var last = Array.FindLastIndex(lines, IsCodeLine);
        var body = lines[first..(last + 1)];
        var nonBlank = body.Count(l => l.Trim().Length > 0);
        var code = body.Count(l => IsCodeLine(l) || IsContinuation(l));
        if (code < MinCodeShare * nonBlank || !body.Any(IsStrongCodeLine))
            return null;
        return string.Join('\n', body).TrimEnd() + "\n";
    }

    public static bool LooksLikeCode(string text) => Find(text) is not null;

    private static bool IsCodeLine(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0)
            return false;
        return IsStrongCodeLine(line)
            || trimmed is "}" or "};" or "})" or "});" or ")" or "]" or "fi" or "done" or "esac" or "end"
            || (trimmed[0] == '#' && !trimmed.StartsWith("# ", StringComparison.Ordinal) && trimmed.Length > 1)
            || trimmed.StartsWith("//", StringComparison.Ordinal)
            || trimmed.StartsWith("/*", StringComparison.Ordinal)
            || EndsLikeCode().IsMatch(trimmed);
    }

    // Lines such as "# compute the sum" or "    total += x" inside code: neutral alone, code between code lines.
    private static bool IsContinuation(string line) =>
        line.StartsWith("    ", StringComparison.Ordinal) || line.StartsWith('\t') || line.TrimStart().StartsWith("# ", StringComparison.Ordinal);

    private static bool IsStrongCodeLine(string line)
    {
        var trimmed = line.Trim();
        return trimmed.StartsWith("#!", StringComparison.Ordinal)
            || KeywordStart().IsMatch(trimmed)
            || Assignment().IsMatch(trimmed)
            || Call().IsMatch(trimmed);
    }

    [GeneratedRegex(@"^(import|from|def|class|return|if|elif|else|for|while|try|except|finally|with|raise|const|let|var|function|async|await|export|echo|printf|set|local|case|switch|throw|type|interface)\b[\s(:{]|^(print|console\.\w+|process\.\w+|require|main)\(")]
    private static partial Regex KeywordStart();

    [GeneratedRegex(@"^[A-Za-z_$][\w$.\[\]'""]*(\s*:\s*[\w<>\[\]]+)?\s*([-+*/%|&]?=)(?!=)\s*\S")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"^[A-Za-z_$][\w$.]*\(.*\)\s*;?$")]
    private static partial Regex Call();

    // Ends with ; { } or a Python block colon after something that is not a word (a sentence's "as follows:" is prose).
    [GeneratedRegex(@"([;{}]|\)\s*:|\)\s*\{)$")]
    private static partial Regex EndsLikeCode();
}
