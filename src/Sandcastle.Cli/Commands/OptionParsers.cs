using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Sandcastle.Sandbox;

namespace Sandcastle.Cli.Commands;

/// <summary>Parsers whose errors speak of the option, not of .NET types.</summary>
internal static class OptionParsers
{
    /// <summary><c>--allow-net HOST</c>, repeatable: each an allow-list entry (pypi.org, *.example.com, host:443, *).</summary>
    public static Option<string[]> AllowNet() => new("--allow-net")
    {
        Description = "Let the program connect to this host through Sandcastle's egress proxy: pypi.org, '*.example.com', host:443, or '*' for the public internet; repeatable (default: no network).",
        HelpName = "HOST",
        CustomParser = result =>
        {
            var entries = result.Tokens.Select(t => t.Value).ToArray();
            foreach (var entry in entries)
            {
                try
                {
                    Sandcastle.Sandbox.Network.HostPattern.Parse(entry);
                }
                catch (ArgumentException e)
                {
                    result.AddError("--allow-net " + e.Message);
                }
            }
            return entries;
        },
    };

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
