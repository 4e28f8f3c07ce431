using System.Globalization;
using System.Text.Json;
using Anthropic.Models.Messages;

namespace Sandcastle.Generation.Models;

/// <summary>
/// The newest Sonnet, Opus and Haiku, read from the Anthropic SDK's own model constants
/// (<see cref="Model"/>) rather than ids of our own, so that updating the SDK updates the default and the aliases.
/// </summary>
public static class ClaudeModels
{
    private static readonly IReadOnlyList<string> Known = [.. Enum.GetValues<Model>().Select(WireName).Where(id => id.Length > 0)];

    public static string Sonnet { get; } = Newest("sonnet");

    public static string Opus { get; } = Newest("opus");

    public static string Haiku { get; } = Newest("haiku");

    /// <summary>The id for an alias (sonnet, opus, haiku); null for anything else.</summary>
    public static string? ForAlias(string alias) => alias.Trim().ToLowerInvariant() switch
    {
        "sonnet" => Sonnet,
        "opus" => Opus,
        "haiku" => Haiku,
        _ => null,
    };

    private static string WireName(Model model) => JsonSerializer.Serialize(model).Trim('"');

    /// <summary>The highest version of a family, among undated ids (claude-sonnet-5-5, not claude-sonnet-4-5-20250929).</summary>
    private static string Newest(string family)
    {
        var prefix = $"claude-{family}-";
        return Known
            .Where(id => id.StartsWith(prefix, StringComparison.Ordinal))
            .Select(id => (Id: id, Version: id[prefix.Length..].Split('-')))
            .Where(m => m.Version.All(part => part.Length is > 0 and < 4 && part.All(char.IsAsciiDigit)))
            .OrderByDescending(m => m.Version.Length > 0 ? int.Parse(m.Version[0], CultureInfo.InvariantCulture) : 0)
            .ThenByDescending(m => m.Version.Length > 1 ? int.Parse(m.Version[1], CultureInfo.InvariantCulture) : 0)
            .Select(m => m.Id)
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"The Anthropic SDK names no claude-{family} model.");
    }
}
