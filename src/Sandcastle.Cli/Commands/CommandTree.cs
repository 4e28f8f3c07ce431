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
        root.Subcommands.Add(ServeCommand.Create(terminal, examples));
        root.Subcommands.Add(McpCommand.Create(terminal, examples));
        root.Subcommands.Add(MonitorCommand.Create(terminal, examples));
        root.Subcommands.Add(SandboxCommand.Create(terminal, examples));
        root.Subcommands.Add(SecretCommand.Create(terminal, examples));
        root.Subcommands.Add(ComponentsCommand.Create(terminal, examples));

        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ExamplesHelpAction((HelpAction)help.Action!, examples.All);
        return root;
    }
}
