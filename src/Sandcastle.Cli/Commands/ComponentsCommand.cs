using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Sandcastle.Cli.Components;
using Sandcastle.Cli.Rendering;
using Spectre.Console;

namespace Sandcastle.Cli.Commands;

/// <summary><c>sandcastle components list|show|add</c>: browse agents and commands and install them into .claude/.</summary>
public static class ComponentsCommand
{
    public static Command Create(Terminal terminal, HelpExamples examples)
    {
        var command = examples.For(
            new Command("components", "Browse Claude Code agents and commands (project .claude/, ~/.claude/, the catalog) and install them into this project."),
            "sandcastle components list",
            "sandcastle components show agent data-scientist",
            "sandcastle components add command visualization/make-chart");
        command.Subcommands.Add(CreateList(terminal, examples));
        command.Subcommands.Add(CreateShow(terminal, examples));
        command.Subcommands.Add(CreateAdd(terminal, examples));
        return command;
    }

    public static Option<string?> CatalogOption() => new("--catalog")
    {
        Description = $"Component catalog: a base URL or a directory laid out as agents/<category>/<name>.md (default: ${ComponentSettings.CatalogVariable}, else the bundled catalog).",
        HelpName = "URL|DIR",
    };

    public static ComponentResolver CreateResolver(string? catalog, HttpClient http)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        return ComponentSettings.From(configuration, catalog).CreateResolver(http);
    }

    private static Command CreateList(Terminal terminal, HelpExamples examples)
    {
        var kind = KindArgument(ArgumentArity.ZeroOrOne);
        var catalog = CatalogOption();
        var json = new Option<bool>("--json") { Description = "Print a JSON array (kind, name, source, location, description) instead of a table." };
        var command = new Command("list", "List agents and commands with where each comes from.") { kind, catalog, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var http = CatalogHttp.Create();
            var resolver = CreateResolver(parseResult.GetValue(catalog), http);
            // An empty list from a catalog that is not there would read as "no components": say what is wrong instead.
            if (await resolver.ListingProblemsAsync(cancellationToken) is [var problem, ..])
                throw new CliFailureException(ExitCodes.Failure, problem + ".");
            var kinds = parseResult.GetValue(kind) is { } text ? [ParseKind(text)] : new[] { ComponentKind.Agent, ComponentKind.Command };
            var rows = new List<(string Kind, ComponentEntry Entry, string Description)>();
            foreach (var k in kinds)
            {
                foreach (var entry in await resolver.ListAsync(k, cancellationToken))
                    rows.Add((k.DisplayName(), entry, Summary(await DescribeAsync(resolver, entry, cancellationToken))));
            }
            if (parseResult.GetValue(json))
            {
                terminal.StandardOutput.WriteLine(System.Text.Json.JsonSerializer.Serialize(
                    rows.Select(r => new { kind = r.Kind, name = r.Entry.Name, source = r.Entry.Source, location = r.Entry.Location, description = r.Description }),
                    Running.RunJson.Indented));
                return ExitCodes.Success;
            }
            var table = new Table().Border(TableBorder.Simple).AddColumns("Kind", "Name", "Source", "Description");
            foreach (var (k, entry, description) in rows)
                table.AddRow(Markup.Escape(k), Markup.Escape(entry.Name), Markup.Escape(entry.Source), Markup.Escape(description));
            terminal.Out.Write(table);
            return ExitCodes.Success;
        });
        return examples.For(command, "sandcastle components list", "sandcastle components list agents --catalog https://example.org/catalog");
    }

    private static Command CreateShow(Terminal terminal, HelpExamples examples)
    {
        var kind = KindArgument(ArgumentArity.ExactlyOne);
        var name = new Argument<string>("NAME") { Description = "name, category/name, or a path to a .md file." };
        var catalog = CatalogOption();
        var command = new Command("show", "Show one agent or command: where it was found, its settings and its prompt.") { kind, name, catalog };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var http = CatalogHttp.Create();
            var resolver = CreateResolver(parseResult.GetValue(catalog), http);
            var file = await resolver.ResolveAsync(ParseKind(parseResult.GetValue(kind)!), parseResult.GetValue(name)!, cancellationToken);
            ComponentView.Write(terminal, file);
            return ExitCodes.Success;
        });
        return examples.For(command, "sandcastle components show agent data-scientist", "sandcastle components show command ./my-command.md");
    }

    private static Command CreateAdd(Terminal terminal, HelpExamples examples)
    {
        var kind = KindArgument(ArgumentArity.ExactlyOne);
        var name = new Argument<string>("NAME") { Description = "name, category/name, or a path to a .md file." };
        var catalog = CatalogOption();
        var force = new Option<bool>("--force") { Description = "Replace a file of the same name." };
        var command = new Command("add", "Install an agent or command into this project's .claude/ folder.") { kind, name, catalog, force };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var http = CatalogHttp.Create();
            var resolver = CreateResolver(parseResult.GetValue(catalog), http);
            var componentKind = ParseKind(parseResult.GetValue(kind)!);
            var file = await resolver.ResolveAsync(componentKind, parseResult.GetValue(name)!, cancellationToken);
            _ = ComponentParser.Describe(file);
            var target = Path.Combine(Directory.GetCurrentDirectory(), ".claude", componentKind.FolderName(), file.Entry.ShortName + ".md");
            if (File.Exists(target) && !parseResult.GetValue(force))
                throw new CliFailureException(ExitCodes.Failure, $"{target} already exists; add --force to replace it.");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllTextAsync(target, file.Text, cancellationToken);
            terminal.StandardOutput.WriteLine($"Added {componentKind.DisplayName()} {file.Entry.ShortName} from {file.Entry.Location} to {target}");
            return ExitCodes.Success;
        });
        return examples.For(command, "sandcastle components add agent data-scientist", "sandcastle components add command setup/setup-react --force");
    }

    private static Argument<string?> KindArgument(ArgumentArity arity)
    {
        var argument = new Argument<string?>("KIND") { Description = "agent(s) or command(s).", Arity = arity };
        argument.AcceptOnlyFromAmong("agent", "agents", "command", "commands");
        return argument;
    }

    private static ComponentKind ParseKind(string text) => ComponentKindNames.TryParse(text, out var kind) ? kind
        : throw new UsageException($"unknown component kind '{text}': use agent or command.");

    private static async Task<string> DescribeAsync(ComponentResolver resolver, ComponentEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            return ComponentParser.Describe(await resolver.ReadAsync(entry, cancellationToken));
        }
        catch (MalformedComponentException e)
        {
            return $"(malformed: {e.Message})";
        }
    }

    private static string Summary(string description)
    {
        var firstLine = description.ReplaceLineEndings("\n").Split('\n')[0].Replace("\\n", " ", StringComparison.Ordinal).Trim();
        return firstLine.Length <= 100 ? firstLine : firstLine[..97] + "...";
    }
}
