using System.Text;

namespace Sandcastle.Server.Configuration;

/// <summary>
/// Parses <c>.env</c> files as the seed's <c>.dev.vars</c> and common dotenv tools do: <c>KEY=VALUE</c> lines,
/// an optional <c>export </c> prefix, <c>#</c> comments, single quotes (literal), double quotes (with
/// <c>\n</c>, <c>\t</c>, <c>\"</c>, <c>\\</c> escapes), and trailing <c> # comments</c> after unquoted values.
/// Lines that are not assignments are skipped.
/// </summary>
public static class DotEnvFile
{
    /// <summary>The assignments in the file, later ones replacing earlier ones. Empty when it does not exist.</summary>
    public static IReadOnlyDictionary<string, string> Load(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path, Encoding.UTF8)) : new Dictionary<string, string>();

    /// <summary>The lines that are neither assignments, comments nor blank, each naming the file and line; none for a missing file.</summary>
    public static IReadOnlyList<string> Problems(string path)
    {
        if (!File.Exists(path))
            return [];
        var problems = new List<string>();
        var lines = File.ReadAllText(path, Encoding.UTF8).ReplaceLineEndings("\n").Split('\n');
        for (var number = 1; number <= lines.Length; number++)
        {
            var line = lines[number - 1].Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            if (line.StartsWith("export ", StringComparison.Ordinal))
                line = line["export ".Length..].TrimStart();
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !SecretStore.IsValidName(line[..equals].Trim()))
                problems.Add($"{path} line {number}: not NAME=VALUE, skipped");
        }
        return problems;
    }

    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rawLine in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            if (line.StartsWith("export ", StringComparison.Ordinal))
                line = line["export ".Length..].TrimStart();
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                continue;
            var key = line[..equals].Trim();
            if (!SecretStore.IsValidName(key))
                continue;
            values[key] = ParseValue(line[(equals + 1)..].Trim());
        }
        return values;
    }

    private static string ParseValue(string value)
    {
        if (value.Length >= 1 && value[0] is '"' or '\'')
        {
            var quote = value[0];
            var end = value.IndexOf(quote, 1);
            if (quote == '\'')
                return end > 0 ? value[1..end] : value[1..];
            return Unescape(value.AsSpan(1));
        }
        var comment = value.IndexOf(" #", StringComparison.Ordinal);
        return (comment >= 0 ? value[..comment] : value).TrimEnd();
    }

    private static string Unescape(ReadOnlySpan<char> rest)
    {
        var result = new StringBuilder(rest.Length);
        for (var i = 0; i < rest.Length; i++)
        {
            var c = rest[i];
            if (c == '"')
                break;
            if (c == '\\' && i + 1 < rest.Length)
            {
                i++;
                result.Append(rest[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
                continue;
            }
            result.Append(c);
        }
        return result.ToString();
    }
}
