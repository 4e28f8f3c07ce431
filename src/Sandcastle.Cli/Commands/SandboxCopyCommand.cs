using System.CommandLine;
using Sandcastle.Cli.Rendering;
using Sandcastle.Cli.Remote;
using Sandcastle.Sandbox;

namespace Sandcastle.Cli.Commands;

/// <summary>
/// <c>sandcastle sandbox cp SRC DEST</c>: one side local, the other <c>ID:PATH</c> (as <c>docker cp</c>). Copying in
/// creates the sandbox when there is none of that id, as <c>exec --sandbox</c> does.
/// </summary>
public static class SandboxCopyCommand
{
    public static Command Create(Terminal terminal, HelpExamples examples)
    {
        var source = new Argument<string>("SOURCE") { Description = "A local file, or ID:PATH in a sandbox." };
        var destination = new Argument<string>("DEST") { Description = "ID:PATH in a sandbox (a trailing / keeps the file's name), or a local path ('-' is stdout)." };
        var server = SandboxCommand.ServerOption();
        var command = new Command("cp", "Copy a file into a sandbox or out of it.") { source, destination, server, ServerAddress.ApiKeyOption() };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var from = parseResult.GetValue(source)!;
            var to = parseResult.GetValue(destination)!;
            var (fromSandbox, toSandbox) = (SandboxPath.TryParse(from), SandboxPath.TryParse(to));
            if ((fromSandbox is null) == (toSandbox is null))
                throw new UsageException("give one local path and one ID:PATH, e.g. `sandcastle sandbox cp data.csv demo:data.csv`.");
            return SandboxCommand.WithAdminAsync(parseResult, server, async admin =>
            {
                if (toSandbox is { } target)
                {
                    var file = Inputs.InputFiles.Resolve([from], "cp").Single();
                    var path = target.Path.Length == 0 || target.Path.EndsWith('/') ? target.Path + file.Name : target.Path;
                    await using var stream = File.OpenRead(file.LocalPath);
                    await admin.WriteFileAsync(target.Id, path, stream, cancellationToken);
                    terminal.StandardError.WriteLine($"Copied {from} to {target.Id}:{path} ({file.Length} bytes).");
                    return ExitCodes.Success;
                }
                var origin = fromSandbox!.Value;
                if (to == "-")
                {
                    await terminal.StandardOutput.FlushAsync(cancellationToken);
                    await using var stdout = Console.OpenStandardOutput();
                    await admin.CopyFileAsync(origin.Id, origin.Path, stdout, cancellationToken);
                    return ExitCodes.Success;
                }
                var local = Directory.Exists(to) ? Path.Combine(to, Path.GetFileName(origin.Path)) : to;
                if (await admin.ListFilesAsync(origin.Id, origin.Path, recursive: false, cancellationToken) is not null)
                    throw new UsageException($"{origin.Id}:{origin.Path} is a directory; copy its files one by one (`sandcastle sandbox files {origin.Id} {origin.Path}` lists them).");
                var partial = local + ".sandcastle-partial";
                try
                {
                    await using (var stream = File.Create(partial))
                        await admin.CopyFileAsync(origin.Id, origin.Path, stream, cancellationToken);
                    File.Move(partial, local, overwrite: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException && !File.Exists(partial))
                {
                    throw new UsageException($"cannot write {local}: {e.Message}");
                }
                finally
                {
                    if (File.Exists(partial))
                        File.Delete(partial);
                }
                terminal.StandardError.WriteLine($"Copied {origin.Id}:{origin.Path} to {local}.");
                return ExitCodes.Success;
            });
        });
        return examples.For(command,
            "sandcastle sandbox cp data.csv demo:data.csv",
            "sandcastle sandbox cp demo:results/chart.png ./chart.png",
            "sandcastle sandbox cp report.md demo:docs/ --server http://127.0.0.1:8787");
    }

    /// <summary><c>ID:PATH</c> with a valid sandbox id; anything else is a local path.</summary>
    private readonly record struct SandboxPath(string Id, string Path)
    {
        public static SandboxPath? TryParse(string text)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || text.StartsWith('/') || text.StartsWith('.'))
                return null;
            var id = text[..colon];
            return SandboxIds.IsValid(id) ? new SandboxPath(id, text[(colon + 1)..].TrimStart('/')) : null;
        }
    }
}
