using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Options;
using Sandcastle.Cli.Commands;
using Sandcastle.Cli.Components;
using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Files;
using Sandcastle.Cli.Rendering;

namespace Sandcastle.Cli;

/// <summary>Builds the command tree, parses and runs one command line.</summary>
public static class SandcastleCli
{
    public static async Task<int> RunAsync(string[] args, Terminal terminal)
    {
        var root = CommandTree.Build(terminal);
        // Bare `sandcastle` shows what it can do rather than an error.
        var parseResult = root.Parse(args.Length == 0 ? ["--help"] : args);
        // A bare command group (`sandcastle sandbox`) shows its help rather than "Required command was not provided".
        if (parseResult.Action is ParseErrorAction && parseResult.UnmatchedTokens.Count == 0
            && parseResult.CommandResult.Command is { Action: null, Subcommands.Count: > 0 }
            && parseResult.Errors.All(e => e.SymbolResult is CommandResult))
            parseResult = root.Parse([.. args, "--help"]);
        // Usage errors exit 2 (as getopt tools do), not System.CommandLine's 1: 1 is a failed run.
        if (parseResult.Action is ParseErrorAction)
        {
            var suggestions = CommandSuggestions.For(parseResult).ToList();
            var errors = parseResult.Errors.Select(e => e.Message)
                // With a suggestion, "Required command was not provided" only repeats the problem.
                .Where(m => suggestions.Count == 0 || !m.StartsWith("Required command", StringComparison.Ordinal));
            foreach (var error in errors.Distinct())
                terminal.StandardError.WriteLine($"sandcastle: {error}");
            foreach (var suggestion in suggestions)
                terminal.StandardError.WriteLine($"sandcastle: {suggestion}");
            terminal.StandardError.WriteLine($"Run '{CommandPath(parseResult)} --help' for usage and examples.");
            return ExitCodes.Usage;
        }
        var configuration = new InvocationConfiguration
        {
            Output = terminal.StandardOutput,
            Error = terminal.StandardError,
            EnableDefaultExceptionHandler = false,
            // A cluster node drains on SIGTERM (its sandboxes are snapshotted and move): the server gets the time
            // its host allows for stopping, not the default 2 seconds.
            ProcessTerminationTimeout = parseResult.CommandResult.Command.Name == "serve" ? TimeSpan.FromMinutes(3) : TimeSpan.FromSeconds(2),
        };
        try
        {
            return await parseResult.InvokeAsync(configuration);
        }
        catch (OperationCanceledException)
        {
            terminal.StandardError.WriteLine("sandcastle: cancelled");
            return ExitCodes.Cancelled;
        }
        catch (UsageException e)
        {
            terminal.StandardError.WriteLine($"sandcastle: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (CliFailureException e)
        {
            terminal.StandardError.WriteLine($"sandcastle: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e) when (e is WorkspacePathException or InvalidSandboxIdException)
        {
            terminal.StandardError.WriteLine($"sandcastle: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or WorkspaceQuotaExceededException)
        {
            terminal.StandardError.WriteLine($"sandcastle: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (InvalidDataException e)
        {
            // A settings file (secrets) that cannot be read: its message names the file and what to do.
            terminal.StandardError.WriteLine($"sandcastle: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (MalformedComponentException e)
        {
            terminal.StandardError.WriteLine($"sandcastle: cannot use {e.Message}");
            return ExitCodes.Usage;
        }
        catch (OptionsValidationException e)
        {
            terminal.StandardError.WriteLine($"sandcastle: {Serving.ConfigurationErrors.Describe(e)}");
            return ExitCodes.Usage;
        }
        catch (InvalidOperationException e) when (e.InnerException is FormatException format && e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            // A setting that does not read as its type (a duration such as Sandbox:DefaultLimits:Timeout): the binder names it.
            terminal.StandardError.WriteLine($"sandcastle: invalid configuration: {e.Message} {format.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e)
        {
            // Never a stack trace for the user: one line, and the type for a bug report.
            terminal.StandardError.WriteLine($"sandcastle: unexpected error ({e.GetType().Name}): {e.Message}");
            return ExitCodes.Failure;
        }
    }

    private static string CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (SymbolResult? result = parseResult.CommandResult; result is CommandResult command; result = command.Parent)
            names.Insert(0, command.Command.Name);
        names[0] = "sandcastle";
        return string.Join(' ', names);
    }
}
