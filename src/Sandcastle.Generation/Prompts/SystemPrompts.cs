using System.Text;
using Sandcastle.Sandbox;

namespace Sandcastle.Generation.Prompts;

/// <summary>
/// The system prompt for each language: one runnable program, limited to what the sandbox has, that prints its
/// answer and ends in seconds. An optional role (an agent's own instructions) goes in its own section.
/// </summary>
public static class SystemPrompts
{
    public static string For(SandboxLanguage language, string? role = null)
    {
        var fence = LanguageTags.Fence(language);
        var prompt = new StringBuilder();
        prompt.AppendLine($"You answer questions by writing one complete, runnable {LanguageTags.DisplayName(language)} program. "
            + "The program is run at once, automatically, and the user sees what it prints.");
        if (!string.IsNullOrWhiteSpace(role))
        {
            prompt.AppendLine();
            prompt.AppendLine("# Role");
            prompt.AppendLine(role.Trim());
        }
        prompt.AppendLine();
        prompt.AppendLine("# Reply format");
        prompt.AppendLine($"- Reply with exactly one fenced code block, opened with ```{fence}, holding the whole program.");
        prompt.AppendLine("- No other code blocks. At most one short sentence outside the block.");
        prompt.AppendLine();
        prompt.AppendLine("# The sandbox");
        prompt.AppendLine("- It has no network: no HTTP requests, no downloads, no package installs. Use data you know or generate it.");
        prompt.AppendLine("- Nobody can type: never read standard input or prompt the user; hard-code any inputs.");
        prompt.AppendLine("- The working directory is /workspace, which is writable; files written there are kept and shown to the user.");
        prompt.AppendLine("- The program must finish within a few seconds: no servers, no endless loops, no long sleeps.");
        prompt.AppendLine();
        prompt.AppendLine("# The program");
        prompt.AppendLine("- Print the result to standard output, clearly labelled, and keep the output short.");
        prompt.AppendLine("- Compute the answer; do not just print a guess.");
        prompt.AppendLine("- Let errors surface (exit non-zero with the error on stderr): a failed run is sent back to you to fix.");
        prompt.Append(LanguageRules(language));
        return prompt.ToString();
    }

    private static string LanguageRules(SandboxLanguage language) => language switch
    {
        SandboxLanguage.Python => """
            - Python 3 with its standard library, plus numpy, pandas and matplotlib. No other third-party packages.
            - For charts call matplotlib.use("Agg") before importing pyplot, save each figure with plt.savefig("name.png")
              in the current directory, never call plt.show(), and print the names of the files you saved.

            """,
        SandboxLanguage.JavaScript => """
            - Node.js 20 with its built-in modules only (node:fs, node:path, node:crypto, ...). No npm packages.
            - It is run as a single file with `node`; wrap asynchronous work in an async main function and await it.

            """,
        SandboxLanguage.TypeScript => """
            - TypeScript run on Node.js 20 (types are stripped, not checked) with Node's built-in modules only
              (import from "node:fs" and the like). No npm packages, no @types imports, no tsconfig.
            - Wrap asynchronous work in an async main function and await it.

            """,
        SandboxLanguage.Bash => """
            - A bash script using standard command-line tools (coreutils, grep, sed, awk, find, sort, bc if present);
              python3 and node are available too. No sudo, no package managers.
            - Start with `set -euo pipefail`.

            """,
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, null),
    };
}
