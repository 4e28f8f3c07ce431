using System.Text;
using Sandcastle.Cli.Rendering;
using Sandcastle.Sandbox;

namespace Sandcastle.Cli.Commands;

/// <summary>
/// What <c>sandcastle exec</c> was asked to run, checked: bad input becomes a <see cref="UsageException"/>. Piped stdin
/// is the code when no code is given, else the program's own stdin.
/// </summary>
public sealed record ExecInput(SandboxLanguage Language, string Code, string? SandboxId, IReadOnlyDictionary<string, string> Environment, ReadOnlyMemory<byte>? Stdin)
{
    public static ExecInput Resolve(
        Terminal terminal, string? language, string? code, string? filePath, string? sandboxId, IReadOnlyList<string> environment)
    {
        if (code is not null && filePath is not null)
            throw new UsageException("give the code either with --code or as a file, not both.");
        var file = filePath is null ? null : new FileInfo(Path.GetFullPath(filePath));
        var resolvedLanguage = ParseLanguage(language, file);
        if (sandboxId is not null && !SandboxIds.IsValid(sandboxId))
            throw new UsageException($"'{sandboxId}' is not a valid sandbox id: use 1-63 lowercase letters, digits and dashes, starting with a letter or digit.");
        var parsedEnvironment = ParseEnvironment(environment);
        var text = code ?? (file is not null ? ReadFile(file) : Encoding.UTF8.GetString(ReadStandardInput(terminal)));
        if (string.IsNullOrWhiteSpace(text))
            throw new UsageException("no code to run: give --code TEXT, a file, or pipe the code on stdin.");
        ReadOnlyMemory<byte>? stdin = code is not null || file is not null ? ReadStandardInput(terminal) is { Length: > 0 } piped ? piped : null : null;
        return new ExecInput(resolvedLanguage, text, sandboxId, parsedEnvironment, stdin);
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
        return fromExtension ?? throw new UsageException(file is null
            ? $"--language is required: one of {string.Join(", ", SandboxLanguageNames.Supported)}."
            : $"cannot tell the language of {file.Name} from its extension: add --language, one of {string.Join(", ", SandboxLanguageNames.Supported)}.");
    }

    private static string ReadFile(FileInfo file)
    {
        if (Directory.Exists(file.FullName))
            throw new UsageException($"{file.FullName} is a directory, not a file of code.");
        if (!file.Exists)
            throw new UsageException($"{file.FullName}: no such file.");
        try
        {
            return File.ReadAllText(file.FullName, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read {file.FullName}: {e.Message}");
        }
    }

    private static byte[] ReadStandardInput(Terminal terminal)
    {
        if (terminal.InputIsTerminal)
            return [];
        using var stdin = terminal.OpenStandardInput();
        using var buffer = new MemoryStream();
        stdin.CopyTo(buffer);
        return buffer.ToArray();
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
