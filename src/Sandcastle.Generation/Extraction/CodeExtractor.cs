using Sandcastle.Generation.Prompts;
using Sandcastle.Sandbox;

namespace Sandcastle.Generation.Extraction;

/// <summary>
/// Takes the program out of a model's reply.
/// <list type="number">
/// <item>Fenced blocks (``` or ~~~) tagged with the language or an alias (py, python3, js, node, ts, sh, ...) win;
/// TypeScript also accepts JavaScript blocks.</item>
/// <item>Else untagged fenced blocks that look like code (not printed output).</item>
/// <item>Else, when the reply has no fences at all, the reply itself if it is code, prose lines around it removed.</item>
/// </list>
/// Among several candidates the largest wins, the last on a tie. Blocks are not joined: the prompt asks for one
/// complete program, so extra blocks are usually usage examples, excerpts of a change or alternatives, and joining
/// those would run code twice or clash; a program that really was split fails loudly and self-correction asks for it whole.
/// </summary>
public static class CodeExtractor
{
    /// <summary>The program in <paramref name="reply"/>, ending with a newline.</summary>
    /// <exception cref="NoCodeException">The reply holds no code.</exception>
    public static string Extract(string reply, SandboxLanguage language) =>
        TryExtract(reply, language) ?? throw new NoCodeException(reply, LanguageTags.DisplayName(language));

    public static string? TryExtract(string reply, SandboxLanguage language)
    {
        var blocks = MarkdownFences.Parse(reply).Where(b => !string.IsNullOrWhiteSpace(b.Content)).ToList();
        var chosen = Largest(blocks.Where(b => Matches(b.Tag, language)))
            ?? Largest(blocks.Where(b => b.Tag.Length == 0 && BareCode.LooksLikeCode(b.Content)));
        if (chosen is not null)
            return Normalize(chosen.Content);
        return blocks.Count == 0 && BareCode.Find(reply) is { } bare ? Normalize(bare) : null;
    }

    private static bool Matches(string tag, SandboxLanguage language) => LanguageTags.FromFenceTag(tag) is { } tagged
        && (tagged == language || (language == SandboxLanguage.TypeScript && tagged == SandboxLanguage.JavaScript));

    private static FencedBlock? Largest(IEnumerable<FencedBlock> blocks) =>
        blocks.Aggregate((FencedBlock?)null, (best, b) => best is null || b.Content.Trim().Length >= best.Content.Trim().Length ? b : best);

    private static string Normalize(string code) => code.Trim('\n', '\r').TrimEnd() + "\n";
}
