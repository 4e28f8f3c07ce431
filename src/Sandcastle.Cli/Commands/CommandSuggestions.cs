using System.CommandLine;
using System.CommandLine.Parsing;
using Sandcastle.Cli.Components;

namespace Sandcastle.Cli.Commands;

/// <summary>"Did you mean" for a mistyped command or option, from the names the command line really has.</summary>
public static class CommandSuggestions
{
    /// <summary>One line per unmatched token that is close to a real name.</summary>
    public static IEnumerable<string> For(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        foreach (var token in parseResult.UnmatchedTokens.Distinct())
        {
            var names = token.StartsWith('-')
                ? command.Options.Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive)))
                    .Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name))
                : command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name));
            var best = names.Distinct()
                .Select(name => (Name: name, Distance: ClosestNames.Levenshtein(token.ToLowerInvariant(), name)))
                .Where(c => c.Distance <= Math.Max(2, Math.Min(3, token.TrimStart('-').Length / 2)))
                .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
                .Select(c => c.Name)
                .FirstOrDefault();
            if (best is not null)
                yield return $"'{token}' is not a {(token.StartsWith('-') ? "known option" : "command")} here. Did you mean '{best}'?";
        }
    }
}
