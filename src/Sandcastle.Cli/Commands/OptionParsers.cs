using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

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

    public static Func<ArgumentResult, double?> PositiveSeconds(string option) => result =>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= 86_400)
            return value;
        result.AddError($"{option} must be a number of seconds between 0 and 86400, not '{text}'.");
        return null;
    };

    public static Func<ArgumentResult, int?> IntegerAtLeast(string option, int minimum, string unit) => result =>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum)
            return value;
        result.AddError($"{option} must be a whole number of {unit}, at least {minimum}, not '{text}'.");
        return null;
    };
}
