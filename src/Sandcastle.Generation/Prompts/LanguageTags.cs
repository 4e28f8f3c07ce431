using Sandcastle.Sandbox;

namespace Sandcastle.Generation.Prompts;

/// <summary>Names of each language in prompts and in Markdown fences.</summary>
public static class LanguageTags
{
    /// <summary>The fence tag we ask the model to use.</summary>
    public static string Fence(SandboxLanguage language) => language switch
    {
        SandboxLanguage.Python => "python",
        SandboxLanguage.JavaScript => "javascript",
        SandboxLanguage.TypeScript => "typescript",
        SandboxLanguage.Bash => "bash",
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, null),
    };

    public static string DisplayName(SandboxLanguage language) => language switch
    {
        SandboxLanguage.Python => "Python",
        SandboxLanguage.JavaScript => "JavaScript (Node.js)",
        SandboxLanguage.TypeScript => "TypeScript (Node.js)",
        SandboxLanguage.Bash => "Bash",
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, null),
    };

    /// <summary>The language a fence tag names, for tags models use (py, python3, js, node, mjs, ts, tsx, sh, shell, zsh, ...).</summary>
    public static SandboxLanguage? FromFenceTag(string tag)
    {
        // Tags like "python title=x", "{.python}" or "python3.12" carry more; the leading letters decide.
        var word = new string([.. tag.Trim().TrimStart('{', '.').TakeWhile(char.IsAsciiLetter)]);
        return word.ToLowerInvariant() switch
        {
            "python" or "py" or "ipython" => SandboxLanguage.Python,
            "javascript" or "js" or "node" or "nodejs" or "mjs" or "cjs" or "jsx" => SandboxLanguage.JavaScript,
            "typescript" or "ts" or "tsx" or "mts" or "cts" => SandboxLanguage.TypeScript,
            "bash" or "sh" or "shell" or "zsh" or "shellscript" => SandboxLanguage.Bash,
            _ => null,
        };
    }
}
