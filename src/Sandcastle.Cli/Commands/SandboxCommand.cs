using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Sandcastle.Cli.Hosting;
using Sandcastle.Cli.Remote;
using Sandcastle.Cli.Rendering;
using Sandcastle.Cli.Sandboxes;
using Microsoft.Extensions.Options;
using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Files.Archives;
using Sandcastle.Sessions.Snapshots;
using Spectre.Console;

namespace Sandcastle.Cli.Commands;

/// <summary><c>sandcastle sandbox list|create|rm|expose|files|logs|cp|snapshot|restore|fork</c> on a server (--server) or this machine's engine.</summary>
public static class SandboxCommand
{
    public static Command Create(Terminal terminal, HelpExamples examples)
    {
        var command = examples.For(
            new Command("sandbox", "Manage sandboxes: on a server with --server URL (or SANDCASTLE_SERVER), else this machine's (SANDCASTLE_DATA_DIR)."),
            "sandcastle sandbox list",
            "sandcastle sandbox files demo",
            "sandcastle sandbox rm demo --server http://127.0.0.1:8787");
        command.Subcommands.Add(CreateList(terminal, examples));
        command.Subcommands.Add(SandboxCreateCommand.Create(terminal, examples));
        command.Subcommands.Add(CreateRemove(terminal, examples));
        command.Subcommands.Add(SandboxExposeCommand.Create(terminal, examples, ServerOption()));
        command.Subcommands.Add(CreateFiles(terminal, examples));
        command.Subcommands.Add(CreateLogs(terminal, examples));
        command.Subcommands.Add(SnapshotCommands.CreateSnapshot(terminal, examples));
        command.Subcommands.Add(SnapshotCommands.CreateRestore(terminal, examples));
        command.Subcommands.Add(SnapshotCommands.CreateFork(terminal, examples));
        command.Subcommands.Add(SandboxCopyCommand.Create(terminal, examples));
        return command;
    }

    internal static Option<string?> ServerOption() => new("--server") { Description = $"A Sandcastle server (default: ${ServerAddress.Variable}, else this machine).", HelpName = "URL" };

    internal static Argument<string> IdArgument() => new("ID") { Description = "The sandbox's id." };

    private static Command CreateList(Terminal terminal, HelpExamples examples)
    {
        var server = ServerOption();
        var json = new Option<bool>("--json") { Description = "Print a JSON array of the sandboxes instead of a table." };
        var command = new Command("list", "List sandboxes.") { server, ServerAddress.ApiKeyOption(), json };
        command.SetAction((parseResult, cancellationToken) => WithAdminAsync(parseResult, server, async admin =>
        {
            var rows = await admin.ListAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                terminal.StandardOutput.WriteLine(System.Text.Json.JsonSerializer.Serialize(rows, Running.RunJson.Indented));
                return ExitCodes.Success;
            }
            var columns = rows.SelectMany(r => r.Keys).Distinct().ToList();
            if (columns.Count == 0)
                columns.Add("id");
            var table = new Table().Border(TableBorder.Simple);
            foreach (var column in columns)
                table.AddColumn(Markup.Escape(column));
            foreach (var row in rows)
                table.AddRow([.. columns.Select(c => Markup.Escape(row.GetValueOrDefault(c, "-")))]);
            terminal.Out.Write(table);
            if (rows.Count == 0)
                terminal.StandardError.WriteLine("No sandboxes.");
            return ExitCodes.Success;
        }));
        return examples.For(command, "sandcastle sandbox list", "sandcastle sandbox list --server http://127.0.0.1:8787 --json");
    }

    private static Command CreateRemove(Terminal terminal, HelpExamples examples)
    {
        var ids = new Argument<string[]>("ID") { Description = "The sandboxes to remove (their processes are killed, their files deleted).", Arity = ArgumentArity.OneOrMore };
        var server = ServerOption();
        var command = new Command("rm", "Remove sandboxes: kill their processes and delete their files.") { ids, server, ServerAddress.ApiKeyOption() };
        command.SetAction((parseResult, cancellationToken) => WithAdminAsync(parseResult, server, async admin =>
        {
            var exitCode = ExitCodes.Success;
            foreach (var id in parseResult.GetValue(ids)!)
            {
                if (!SandboxIds.IsValid(id))
                    throw new UsageException($"'{id}' is not a valid sandbox id.");
                if (await admin.RemoveAsync(id, cancellationToken))
                {
                    terminal.StandardOutput.WriteLine($"Removed {id}");
                }
                else
                {
                    terminal.Fail($"no sandbox named {id}.");
                    exitCode = ExitCodes.Failure;
                }
            }
            return exitCode;
        }));
        return examples.For(command, "sandcastle sandbox rm demo", "sandcastle sandbox rm a b c --server http://127.0.0.1:8787");
    }

    private static Command CreateFiles(Terminal terminal, HelpExamples examples)
    {
        var id = IdArgument();
        var path = new Argument<string>("PATH") { Description = "A directory to list or a file to print, relative to /workspace (default: the workspace).", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "" };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "List subdirectories too." };
        var server = ServerOption();
        var command = new Command("files", "List a sandbox's files, or print one.") { id, path, recursive, server, ServerAddress.ApiKeyOption() };
        command.SetAction((parseResult, cancellationToken) => WithAdminAsync(parseResult, server, async admin =>
        {
            var sandboxId = parseResult.GetValue(id)!;
            var target = parseResult.GetValue(path) ?? "";
            var rows = await admin.ListFilesAsync(sandboxId, target, parseResult.GetValue(recursive), cancellationToken);
            if (rows is null)
            {
                await terminal.StandardOutput.FlushAsync(cancellationToken);
                await using var stdout = Console.OpenStandardOutput();
                await admin.CopyFileAsync(sandboxId, target, stdout, cancellationToken);
                return ExitCodes.Success;
            }
            var table = new Table().Border(TableBorder.Simple).AddColumns("Type", "Size", "Modified", "Path");
            foreach (var row in rows)
                table.AddRow(row.Type, LocalSandboxAdmin.Bytes(row.Size), row.ModifiedAt.ToString("u"), Markup.Escape(row.Path));
            terminal.Out.Write(table);
            return ExitCodes.Success;
        }));
        return examples.For(command, "sandcastle sandbox files demo", "sandcastle sandbox files demo results/chart.png > chart.png", "sandcastle sandbox files demo -r");
    }

    private static Command CreateLogs(Terminal terminal, HelpExamples examples)
    {
        var id = IdArgument();
        var process = new Argument<string?>("PROCESS") { Description = "One background process (default: all of them).", Arity = ArgumentArity.ZeroOrOne };
        var server = ServerOption();
        var command = new Command("logs", "Print what a sandbox's background processes wrote (server sandboxes).") { id, process, server, ServerAddress.ApiKeyOption() };
        command.SetAction((parseResult, cancellationToken) => WithAdminAsync(parseResult, server, async admin =>
        {
            var logs = await admin.LogsAsync(parseResult.GetValue(id)!, parseResult.GetValue(process), cancellationToken);
            foreach (var (name, status, stdout, stderr) in logs)
            {
                terminal.Out.Write(new Rule(Markup.Escape($"{name} ({status})")).LeftJustified());
                terminal.StandardOutput.Write(stdout);
                terminal.StandardError.Write(stderr);
            }
            if (logs.Count == 0)
                terminal.StandardError.WriteLine("No background processes.");
            return ExitCodes.Success;
        }));
        return examples.For(command, "sandcastle sandbox logs demo --server http://127.0.0.1:8787");
    }

    /// <summary>Runs the action on the server the command names (--server, --api-key), else on this machine's engine.</summary>
    internal static async Task<int> WithAdminAsync(ParseResult parseResult, Option<string?> serverOption, Func<ISandboxAdmin, Task<int>> action)
    {
        if (ServerAddress.From(parseResult.GetValue(serverOption)) is { } server)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
            var key = ServerAddress.ApiKey(parseResult.CommandResult.Command.Options.OfType<Option<string?>>().FirstOrDefault(o => o.Name == "--api-key") is { } option ? parseResult.GetValue(option) : null);
            return await RemoteServer.GuardAsync(server, () => action(new ServerSandboxAdmin(RemoteServer.Connect(server, http, key))), CancellationToken.None);
        }
        await using var services = CliServices.Build();
        var engine = services.GetRequiredService<SandboxEngine>();
        var limits = services.GetRequiredService<IOptions<SnapshotOptions>>().Value;
        var snapshots = new LocalSnapshots(engine, services.GetRequiredService<ISnapshotStore>(), new WorkspaceArchiveLimits(limits.MaxBytes, limits.MaxEntries));
        return await action(new LocalSandboxAdmin(engine, snapshots));
    }
}
