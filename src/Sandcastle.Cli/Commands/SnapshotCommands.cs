using System.CommandLine;
using Sandcastle.Cli.Rendering;
using Sandcastle.Cli.Sandboxes;
using Sandcastle.Sandbox;
using Spectre.Console;

namespace Sandcastle.Cli.Commands;

/// <summary><c>sandcastle sandbox snapshot|restore|fork</c>: snapshots of a workspace, on a server or this machine.</summary>
internal static class SnapshotCommands
{
    public static Command CreateSnapshot(Terminal terminal, HelpExamples examples)
    {
        var id = SandboxCommand.IdArgument();
        var list = new Option<bool>("--list") { Description = "List the sandbox's snapshots instead of taking one." };
        var server = SandboxCommand.ServerOption();
        var command = new Command("snapshot", "Snapshot a sandbox's files (its processes keep running); prints the snapshot's id.") { id, list, server };
        command.SetAction((parseResult, cancellationToken) => SandboxCommand.WithAdminAsync(parseResult, server, async admin =>
        {
            var sandboxId = Sandbox(parseResult.GetValue(id)!);
            if (!parseResult.GetValue(list))
            {
                var snapshot = await admin.SnapshotAsync(sandboxId, cancellationToken);
                terminal.StandardOutput.WriteLine(snapshot.Id);
                terminal.StandardError.WriteLine($"Snapshot of {sandboxId}: {LocalSandboxAdmin.Bytes(snapshot.Size)}");
                return ExitCodes.Success;
            }
            var rows = await admin.ListSnapshotsAsync(sandboxId, cancellationToken);
            var table = new Table().Border(TableBorder.Simple).AddColumns("Id", "Size", "Created");
            foreach (var row in rows)
                table.AddRow(Markup.Escape(row.Id), LocalSandboxAdmin.Bytes(row.Size), row.CreatedAt.ToString("u"));
            terminal.Out.Write(table);
            if (rows.Count == 0)
                terminal.StandardError.WriteLine($"No snapshots of {sandboxId}.");
            return ExitCodes.Success;
        }));
        return examples.For(command, "sandcastle sandbox snapshot demo", "sandcastle sandbox snapshot demo --list --server http://127.0.0.1:8787");
    }

    public static Command CreateRestore(Terminal terminal, HelpExamples examples)
    {
        var id = SandboxCommand.IdArgument();
        var snapshot = new Argument<string>("SNAPSHOT") { Description = "The snapshot to roll back to (from `sandcastle sandbox snapshot ID --list`)." };
        var server = SandboxCommand.ServerOption();
        var command = new Command("restore", "Roll a sandbox's files back to a snapshot (its processes, contexts and shell sessions end).") { id, snapshot, server };
        command.SetAction((parseResult, cancellationToken) => SandboxCommand.WithAdminAsync(parseResult, server, async admin =>
        {
            var sandboxId = Sandbox(parseResult.GetValue(id)!);
            var snapshotId = parseResult.GetValue(snapshot)!;
            await admin.RestoreAsync(sandboxId, snapshotId, cancellationToken);
            terminal.StandardOutput.WriteLine($"Restored {sandboxId} from {snapshotId}");
            return ExitCodes.Success;
        }));
        return examples.For(command, "sandcastle sandbox restore demo snap-0123456789abcdef");
    }

    public static Command CreateFork(Terminal terminal, HelpExamples examples)
    {
        var snapshot = new Argument<string>("SNAPSHOT") { Description = "The snapshot to start from." };
        var id = new Argument<string>("NEW_ID") { Description = "The new sandbox's id (it must not exist)." };
        var server = SandboxCommand.ServerOption();
        var command = new Command("fork", "Create a new sandbox with a snapshot's files.") { snapshot, id, server };
        command.SetAction((parseResult, cancellationToken) => SandboxCommand.WithAdminAsync(parseResult, server, async admin =>
        {
            var snapshotId = parseResult.GetValue(snapshot)!;
            var sandboxId = Sandbox(parseResult.GetValue(id)!);
            await admin.ForkAsync(snapshotId, sandboxId, cancellationToken);
            terminal.StandardOutput.WriteLine($"Created {sandboxId} from {snapshotId}");
            return ExitCodes.Success;
        }));
        return examples.For(command, "sandcastle sandbox fork snap-0123456789abcdef demo-copy");
    }

    private static string Sandbox(string id) => SandboxIds.IsValid(id) ? id : throw new UsageException($"'{id}' is not a valid sandbox id.");
}
