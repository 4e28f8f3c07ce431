using System.Text;
using Sandcastle.Sandbox;

namespace Sandcastle.Generation.Prompts;

/// <summary>The user turns of a conversation: the question, and the requests to fix a failed program.</summary>
public static class FollowUpPrompts
{
    // Enough of a traceback to fix the bug without paying for megabytes of output.
    private const int MaxStderrChars = 4000;
    private const int MaxStdoutChars = 2000;

    public static string Question(string question) => question.Trim();

    /// <summary>Asks for a corrected program after <paramref name="code"/> failed as <paramref name="failure"/> says.</summary>
    public static string Fix(SandboxLanguage language, string code, string stdout, string stderr, string failure, bool replyWasCut)
    {
        var fence = LanguageTags.Fence(language);
        var text = new StringBuilder();
        text.AppendLine($"I ran your program and it failed: {failure}.");
        if (replyWasCut)
            text.AppendLine("Your reply was cut off at the token limit, so the program was incomplete: write a shorter one.");
        text.AppendLine();
        text.AppendLine("The program:");
        text.AppendLine($"```{fence}");
        text.AppendLine(code.TrimEnd());
        text.AppendLine("```");
        AppendStream(text, "stderr", stderr, MaxStderrChars);
        AppendStream(text, "stdout", stdout, MaxStdoutChars);
        text.AppendLine();
        text.Append($"Find the cause and reply with the complete corrected program in one ```{fence} block. "
            + "Keep to the sandbox rules: no network, no input, no packages beyond those listed, finish within seconds.");
        return text.ToString();
    }

    /// <summary>Asks again when a reply held no program.</summary>
    public static string NoCode(SandboxLanguage language) =>
        $"Your reply held no program I could run. Reply with the complete program in one ```{LanguageTags.Fence(language)} block.";

    private static void AppendStream(StringBuilder text, string name, string content, int max)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            text.AppendLine().AppendLine($"It wrote nothing to {name}.");
            return;
        }
        var tail = content.Length <= max ? content : "…" + content[^max..];
        text.AppendLine().AppendLine(content.Length <= max ? $"Its {name}:" : $"The end of its {name}:");
        text.AppendLine("```").AppendLine(tail.TrimEnd()).AppendLine("```");
    }
}
