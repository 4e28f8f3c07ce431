using System.CommandLine;
using System.Text;
using Sandcastle.Cli.Rendering;
using Sandcastle.Server.Configuration;
using Spectre.Console;

namespace Sandcastle.Cli.Commands;

/// <summary><c>sandcastle secret set|list|rm</c>: the secrets file (0600) that run and serve read keys from.</summary>
public static class SecretCommand
{
    public static Command Create(Terminal terminal, HelpExamples examples)
    {
        var command = examples.For(
            new Command("secret", "Store secrets such as ANTHROPIC_API_KEY in a file only you can read (~/.config/sandcastle/secrets.json, or $SANDCASTLE_SECRETS_FILE)."),
            "sandcastle secret set ANTHROPIC_API_KEY",
            "sandcastle secret list",
            "sandcastle secret rm ANTHROPIC_API_KEY");
        command.Subcommands.Add(CreateSet(terminal, examples));
        command.Subcommands.Add(CreateList(terminal, examples));
        command.Subcommands.Add(CreateRemove(terminal, examples));
        return command;
    }

    private static Command CreateSet(Terminal terminal, HelpExamples examples)
    {
        var name = new Argument<string>("NAME") { Description = "The secret's name, e.g. ANTHROPIC_API_KEY." };
        var value = new Argument<string?>("VALUE") { Description = "The value. Left out, it is read from stdin, or asked for without echo on a terminal.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("set", "Store or replace a secret.") { name, value };
        command.SetAction(parseResult =>
        {
            var secretName = ValidName(parseResult.GetValue(name)!);
            var secret = parseResult.GetValue(value) ?? ReadValue(terminal, secretName);
            if (string.IsNullOrEmpty(secret))
                throw new UsageException($"no value for {secretName}: give it as an argument, on stdin, or at the prompt.");
            var store = SecretStore.OpenDefault();
            store.Set(secretName, secret);
            terminal.StandardError.WriteLine($"Stored {secretName} in {store.FilePath}.");
            return ExitCodes.Success;
        });
        return examples.For(command,
            "sandcastle secret set ANTHROPIC_API_KEY            # asks without echo",
            "printenv MY_KEY | sandcastle secret set ANTHROPIC_API_KEY");
    }

    private static Command CreateList(Terminal terminal, HelpExamples examples)
    {
        var command = new Command("list", "List the names of stored secrets (never their values).");
        command.SetAction(_ =>
        {
            var store = SecretStore.OpenDefault();
            var names = ReadNames(store);
            foreach (var secretName in names)
                terminal.StandardOutput.WriteLine(secretName);
            if (names.Count == 0)
                terminal.StandardError.WriteLine($"No secrets stored in {store.FilePath}.");
            return ExitCodes.Success;
        });
        return examples.For(command, "sandcastle secret list");
    }

    private static Command CreateRemove(Terminal terminal, HelpExamples examples)
    {
        var name = new Argument<string>("NAME") { Description = "The secret to remove." };
        var command = new Command("rm", "Remove a stored secret.") { name };
        command.SetAction(parseResult =>
        {
            var secretName = ValidName(parseResult.GetValue(name)!);
            var store = SecretStore.OpenDefault();
            if (!store.Remove(secretName))
                throw new CliFailureException(ExitCodes.Failure, $"no secret named {secretName} in {store.FilePath}.");
            terminal.StandardError.WriteLine($"Removed {secretName}.");
            return ExitCodes.Success;
        });
        return examples.For(command, "sandcastle secret rm ANTHROPIC_API_KEY");
    }

    private static string ValidName(string name) => SecretStore.IsValidName(name) ? name
        : throw new UsageException($"'{name}' is not a valid secret name: use letters, digits and underscores, not starting with a digit (e.g. ANTHROPIC_API_KEY).");

    private static IReadOnlyList<string> ReadNames(SecretStore store)
    {
        try
        {
            return store.List();
        }
        catch (InvalidDataException e)
        {
            throw new CliFailureException(ExitCodes.Failure, e.Message, e);
        }
    }

    private static string ReadValue(Terminal terminal, string name)
    {
        if (terminal.InputIsTerminal)
            return terminal.Error.Prompt(new TextPrompt<string>($"{name}:").Secret());
        using var reader = new StreamReader(terminal.OpenStandardInput(), Encoding.UTF8);
        // A value piped in (echo, printenv) ends with a newline that is not part of it.
        return reader.ReadToEnd().TrimEnd('\r', '\n');
    }
}
