using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sandcastle.Cli.Components;

/// <summary>
/// The YAML front matter of a component file (between <c>---</c> lines at its top) and the body after it.
/// </summary>
public sealed partial record FrontMatter(IReadOnlyDictionary<string, YamlNode> Fields, string Body, bool Present)
{
    /// <summary>Splits and parses the file; throws <see cref="MalformedComponentException"/> when the YAML is broken.</summary>
    public static FrontMatter Parse(string text, string location)
    {
        var lines = text.ReplaceLineEndings("\n").TrimStart('\uFEFF').Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
            return new FrontMatter(new Dictionary<string, YamlNode>(), text.Trim(), Present: false);
        var end = Array.FindIndex(lines, 1, l => l.TrimEnd() is "---" or "...");
        if (end < 0)
            throw new MalformedComponentException(location, "the front matter starts with '---' but has no closing '---' line.");
        var yaml = QuoteFreeText(lines[1..end]);
        var body = string.Join('\n', lines[(end + 1)..]).Trim();
        return new FrontMatter(ParseMapping(yaml, location), body, Present: true);
    }

    /// <summary>A field as one string: scalars as written, lists joined with ", "; null when absent or empty.</summary>
    public string? Text(string key, string location)
    {
        if (!Fields.TryGetValue(key, out var node))
            return null;
        return node switch
        {
            YamlScalarNode scalar => string.IsNullOrWhiteSpace(scalar.Value) ? null : scalar.Value.Trim(),
            YamlSequenceNode sequence => string.Join(", ", List(sequence, key, location)),
            _ => throw new MalformedComponentException(location, $"'{key}' must be text, not a mapping."),
        };
    }

    /// <summary>A list field given as a YAML list or as a comma-separated string ("Read, Write, Bash").</summary>
    public IReadOnlyList<string> List(string key, string location) => Fields.TryGetValue(key, out var node) ? node switch
    {
        YamlSequenceNode sequence => List(sequence, key, location),
        YamlScalarNode scalar => [.. (scalar.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        _ => throw new MalformedComponentException(location, $"'{key}' must be a list or a comma-separated string."),
    } : [];

    private static List<string> List(YamlSequenceNode sequence, string key, string location) =>
        [.. sequence.Children.Select(child => child is YamlScalarNode { Value: { } value } ? value.Trim()
            : throw new MalformedComponentException(location, $"every item of '{key}' must be text."))
            .Where(value => value.Length > 0)];

    private static Dictionary<string, YamlNode> ParseMapping(string yaml, string location)
    {
        if (string.IsNullOrWhiteSpace(yaml))
            return [];
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new MalformedComponentException(location, $"the front matter is not valid YAML (line {e.Start.Line + 1}): {Innermost(e).Message}", e);
        }
        if (stream.Documents.Count == 0)
            return [];
        if (stream.Documents[0].RootNode is not YamlMappingNode mapping)
            throw new MalformedComponentException(location, "the front matter must be 'key: value' lines.");
        var fields = new Dictionary<string, YamlNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: { } name })
                fields[name] = value;
        }
        return fields;
    }

    /// <summary>
    /// Agents in the wild write descriptions as one plain line full of "Context: ... user: ..." examples, which
    /// strict YAML rejects (": " inside a plain value). Such a top-level value, and the unindented lines that
    /// continue it, become a literal block, so the text is kept as written and real errors still surface.
    /// </summary>
    private static string QuoteFreeText(string[] lines)
    {
        var result = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var match = TopLevelKey().Match(lines[i]);
            var value = match.Success ? match.Groups["value"].Value.TrimEnd() : "";
            if (!match.Success || !NeedsBlock(value, lines, i))
            {
                result.Append(lines[i]).Append('\n');
                continue;
            }
            result.Append(match.Groups["key"].Value).Append(": |-\n  ").Append(value).Append('\n');
            while (i + 1 < lines.Length && !TopLevelKey().IsMatch(lines[i + 1]))
            {
                i++;
                result.Append(lines[i].Length == 0 ? "" : "  " + lines[i]).Append('\n');
            }
        }
        return result.ToString();
    }

    private static bool NeedsBlock(string value, string[] lines, int index)
    {
        if (value.Length == 0 || "\"'|>[{&*!%@`".Contains(value[0], StringComparison.Ordinal))
            return false;
        var continues = index + 1 < lines.Length && lines[index + 1].Trim().Length > 0 && !TopLevelKey().IsMatch(lines[index + 1])
            && !lines[index + 1].TrimStart().StartsWith('#');
        return value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal) || continues;
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

    [GeneratedRegex(@"^(?<key>[A-Za-z][\w-]*):(?:[ \t]+(?<value>.*))?$")]
    private static partial Regex TopLevelKey();
}
