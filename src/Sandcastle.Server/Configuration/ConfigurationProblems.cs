using Microsoft.Extensions.Configuration;

namespace Sandcastle.Server.Configuration;

/// <summary>
/// A file of settings that could not be read whole (a corrupt secrets file, a malformed <c>.env</c> line) is reported,
/// not thrown: commands that need none of its values keep working. The problems travel as configuration keys under
/// <see cref="Section"/>, so whoever needs a missing value (the API key) can say why it is missing.
/// </summary>
public static class ConfigurationProblems
{
    public const string Section = "Sandcastle:ConfigurationProblems";

    /// <summary>Every problem found while loading, e.g. "/home/me/.env line 3: 'oops' is not NAME=VALUE".</summary>
    public static IReadOnlyList<string> All(IConfiguration configuration) =>
        [.. configuration.GetSection(Section).GetChildren().Select(c => c.Value).OfType<string>()];

    internal static void Add(IDictionary<string, string?> data, string source, IEnumerable<string> problems)
    {
        var index = 0;
        foreach (var problem in problems)
            data[$"{Section}:{source}{index++}"] = problem;
    }
}
