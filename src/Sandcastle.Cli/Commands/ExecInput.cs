using System.Text;
using Sandcastle.Cli.Rendering;
using Sandcastle.Sandbox;

namespace Sandcastle.Cli.Commands;

/// <summary>What <c>sandcastle exec</c> was asked to run, checked: bad input becomes a <see cref="UsageException"/>.</summary>
public sealed record ExecInput(SandboxLanguage Language, string Code, string? SandboxId, IReadOnlyDictionary<string, string> Environment)
{
    public static ExecInput Resolve(
        Terminal terminal, string? language, string? code, FileInfo? file, string? sandboxId, IReadOnlyList<string> environment)
    {
        if (code is not null && file is not null)
            throw new UsageException("give the code either with --code or with --file, not both.");
        var resolvedLanguage = ParseLanguage(language, file);
        var text = code ?? (file is not null ? ReadFile(file) : ReadStandardInput(terminal));
        if (string.IsNullOrWhiteSpace(text))
            throw new UsageException("no code to run: give --code TEXT, --file PATH, or pipe the code on stdin.");
        if (sandboxId is not null && !SandboxIds.IsValid(sandboxId))
            throw new UsageException($"'{sandboxId}' is not a valid sandbox id: use 1-63 lowercase letters, digits and dashes, starting with a letter or digit.");
        return new ExecInput(resolvedLanguage, text, sandboxId, ParseEnvironment(environment));
    }

    private static SandboxLanguage ParseLanguage(string? language, FileInfo? file)
    {
        if (language is not null)
        {
            return SandboxLanguageNames.TryParse(language, out var parsed) ? parsed.Value
                : throw new UsageException($"unknown language '{language}': use one of {string.Join(", ", SandboxLanguageNames.Supported)}.");
        }
        var fromExtension = file?.Extension.ToLowerInvariant() switch
        {
            ".py" => SandboxLanguage.Python,
            ".js" or ".mjs" or ".cjs" => SandboxLanguage.JavaScript,
            ".ts" or ".mts" => SandboxLanguage.TypeScript,
            ".sh" or ".bash" => SandboxLanguage.Bash,
            _ => (SandboxLanguage?)null,
        };
        return fromExtension ?? throw new UsageException($"--language is required: one of {string.Join(", ", SandboxLanguageNames.Supported)}.");
    }

    private static string ReadFile(FileInfo file)
    {
        try
        {
            return File.ReadAllText(file.FullName, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read {file.FullName}: {e.Message}");
        }
    }

    private static string ReadStandardInput(Terminal terminal)
    {
        if (terminal.InputIsTerminal)
            return "";
        using var reader = new StreamReader(terminal.OpenStandardInput(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static Dictionary<string, string> ParseEnvironment(IReadOnlyList<string> assignments)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var assignment in assignments)
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? assignment[..equals] : "";
            if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                throw new UsageException($"bad --env '{assignment}': expected NAME=VALUE with a name of letters, digits and underscores.");
            environment[name] = assignment[(equals + 1)..];
        }
        return environment;
    }
}
