using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Sandcastle.Cli.Serving;

/// <summary>
/// Says an invalid setting the way a user sets it ("Generation:BaseUrl: ...") instead of the framework's
/// "DataAnnotation validation failed for 'GenerationOptions' members: ..." text.
/// </summary>
public static partial class ConfigurationErrors
{
    public static string Describe(OptionsValidationException exception)
    {
        var section = exception.OptionsType.Name.EndsWith("Options", StringComparison.Ordinal)
            ? exception.OptionsType.Name[..^"Options".Length]
            : exception.OptionsType.Name;
        var lines = exception.Failures.Select(failure => DataAnnotation().Match(failure) is { Success: true } match
            ? $"{section}:{match.Groups["member"].Value}: {match.Groups["error"].Value.TrimEnd('.')}."
            : failure);
        return "invalid configuration: " + string.Join(" ", lines);
    }

    [GeneratedRegex("^DataAnnotation validation failed for '[^']*' members: '(?<member>[^']*)' with the error: '(?<error>.*)'\\.?$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotation();
}
