using System.Diagnostics.CodeAnalysis;

namespace Sandcastle.Sandbox;

/// <summary>Parses and prints the wire names of <see cref="SandboxLanguage"/> ("python", "javascript", ...).</summary>
public static class SandboxLanguageNames
{
    /// <summary>The names accepted on the wire, in a stable order for error messages.</summary>
    public static IReadOnlyList<string> Supported { get; } = ["python", "javascript", "typescript", "bash"];

    public static string ToWireName(this SandboxLanguage language) => language switch
    {
        SandboxLanguage.Python => "python",
        SandboxLanguage.JavaScript => "javascript",
        SandboxLanguage.TypeScript => "typescript",
        SandboxLanguage.Bash => "bash",
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, null),
    };

    /// <summary>Accepts the wire names and common aliases (py, python3, js, node, ts, sh).</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out SandboxLanguage? language)
    {
        language = name?.Trim().ToLowerInvariant() switch
        {
            "python" or "python3" or "py" => SandboxLanguage.Python,
            "javascript" or "js" or "node" or "nodejs" => SandboxLanguage.JavaScript,
            "typescript" or "ts" => SandboxLanguage.TypeScript,
            "bash" or "sh" or "shell" => SandboxLanguage.Bash,
            _ => null,
        };
        return language is not null;
    }
}
