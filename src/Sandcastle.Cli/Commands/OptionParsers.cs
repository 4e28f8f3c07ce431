using System.CommandLine.Parsing;
using System.Globalization;
using Sandcastle.Sandbox;

namespace Sandcastle.Cli.Commands;

/// <summary>Parsers whose errors speak of the option, not of .NET types.</summary>
internal static class OptionParsers
{
    /// <summary>Plain seconds or a duration with a unit (30s, 2m, 1h), up to <paramref name="max"/>.</summary>
    public static Func<ArgumentResult, TimeSpan?> Duration(string option, TimeSpan max) => result =>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (DurationText.TryParse(text, out var value) && value <= max)
            return value;
        result.AddError($"{option} must be {DurationText.Examples}, at most {DurationText.Format(max)}; not '{text}'.");
        return null;
    };

    public static Func<ArgumentResult, int?> IntegerBetween(string option, int minimum, int maximum, string unit) => result =>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
            return value;
        result.AddError($"{option} must be a whole number of {unit} from {minimum} to {maximum}, not '{text}'.");
        return null;
    };
}
