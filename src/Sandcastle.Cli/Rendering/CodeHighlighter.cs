using System.Text;
using System.Text.RegularExpressions;
using Sandcastle.Sandbox;
using Spectre.Console;

namespace Sandcastle.Cli.Rendering;

/// <summary>Colours one line of code as Spectre markup: keywords, strings, numbers and comments.</summary>
public static partial class CodeHighlighter
{
    private static readonly HashSet<string> PythonKeywords = [.. "and as assert async await break class continue def del elif else except False finally for from global if import in is lambda None nonlocal not or pass raise return True try while with yield print".Split(' ')];
    private static readonly HashSet<string> ScriptKeywords = [.. "async await break case catch class const continue default delete do else export extends false finally for from function if import in instanceof interface let new null of return switch this throw true try type typeof undefined var void while yield console".Split(' ')];
    private static readonly HashSet<string> ShellKeywords = [.. "if then else elif fi for while do done case esac in function return echo export local printf read".Split(' ')];

    public static string ToMarkup(string line, SandboxLanguage language)
    {
        var (keywords, comment) = language switch
        {
            SandboxLanguage.Python => (PythonKeywords, "#"),
            SandboxLanguage.Bash => (ShellKeywords, "#"),
            _ => (ScriptKeywords, "//"),
        };
        var result = new StringBuilder();
        foreach (Match token in Token().Matches(line))
        {
            var text = token.Value;
            var style = text switch
            {
                _ when text.StartsWith(comment, StringComparison.Ordinal) => "grey",
                [('"' or '\'' or '`'), ..] => "green",
                [>= '0' and <= '9', ..] => "magenta",
                _ when keywords.Contains(text) => "blue",
                _ => null,
            };
            result.Append(style is null ? Markup.Escape(text) : $"[{style}]{Markup.Escape(text)}[/]");
        }
        return result.ToString();
    }

    // Comments run to the end of the line; strings end at their closing quote (or the line's end).
    [GeneratedRegex("""(#.*$|//.*$|"(?:\\.|[^"\\])*"?|'(?:\\.|[^'\\])*'?|`(?:\\.|[^`\\])*`?|\d[\w.]*|[A-Za-z_]\w*|\s+|.)""")]
    private static partial Regex Token();
}
