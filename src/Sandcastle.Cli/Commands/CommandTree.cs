using System.CommandLine;
using System.CommandLine.Help;
using Sandcastle.Cli.Rendering;

namespace Sandcastle.Cli.Commands;

/// <summary>The sandcastle command and its subcommands, each with its help examples.</summary>
public static class CommandTree
{
    public static RootCommand Build(Terminal terminal)
    {
        var examples = new HelpExamples();
        var root = examples.For(
            new RootCommand("Sandcastle: ask in plain language, get code written by Claude and run in an isolated sandbox."),
            "sandcastle run --prompt \"Calculate the 10th Fibonacci number\"",
            "sandcastle exec --language python --code 'print(6 * 7)'",
            "sandcastle components list",
            "sandcastle monitor --prompt \"What is 2^10?\"",
            "sandcastle serve --urls http://127.0.0.1:8787");
        root.Subcommands.Add(RunCommand.Create(terminal, examples));
        root.Subcommands.Add(ExecCommand.Create(terminal, examples));
        root.Subcommands.Add(AgentCommand.Create(terminal, examples));
        root.Subcommands.Add(ServeCommand.Create(terminal, examples));
        root.Subcommands.Add(ClusterCommands.Cluster(terminal, examples));
        root.Subcommands.Add(ClusterCommands.Node(terminal, examples));
        root.Subcommands.Add(McpCommand.Create(terminal, examples));
        root.Subcommands.Add(MonitorCommand.Create(terminal, examples));
        root.Subcommands.Add(SandboxCommand.Create(terminal, examples));
        root.Subcommands.Add(SecretCommand.Create(terminal, examples));
        root.Subcommands.Add(ComponentsCommand.Create(terminal, examples));
        root.Subcommands.Add(CompletionCommand.Create(terminal, examples, root));
        root.Subcommands.Add(HelpCommand(root, examples));
        root.Subcommands.Add(VersionCommand(root));

        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ExamplesHelpAction((HelpAction)help.Action!, examples.All);
        return root;
    }

    /// <summary><c>sandcastle help [COMMAND...]</c>: the same as <c>sandcastle COMMAND... --help</c>.</summary>
    private static Command HelpCommand(RootCommand root, HelpExamples examples)
    {
        var path = new Argument<string[]>("COMMAND") { Description = "The command to describe, e.g. `sandbox rm`.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("help", "Show help for sandcastle or one of its commands.") { path };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var words = parseResult.GetValue(path) ?? [];
            var help = root.Parse([.. words, "--help"]);
            if (help.UnmatchedTokens.Count > 0)
            {
                var hint = CommandSuggestions.For(help).FirstOrDefault();
                throw new UsageException($"no command '{string.Join(' ', words)}'{(hint is null ? "" : $" ({hint})")}; `sandcastle help` lists them.");
            }
            return help.InvokeAsync(parseResult.InvocationConfiguration, cancellationToken);
        });
        return examples.For(command, "sandcastle help run", "sandcastle help sandbox cp");
    }

    /// <summary><c>sandcastle version</c>: the same as <c>sandcastle --version</c>.</summary>
    private static Command VersionCommand(RootCommand root)
    {
        var command = new Command("version", "Show the version of sandcastle.");
        command.SetAction((parseResult, cancellationToken) => root.Parse(["--version"]).InvokeAsync(parseResult.InvocationConfiguration, cancellationToken));
        return command;
    }
}
