using System.CommandLine;
using Sandcastle.Cli.Remote;
using Sandcastle.Cli.Rendering;
using Sandcastle.Sandbox;

namespace Sandcastle.Cli.Commands;

/// <summary>
/// <c>sandcastle sandbox expose ID PORT</c>: opens a port of a server's sandbox at a preview URL and prints it. Preview
/// URLs are served by a running server, so this needs one (--server or SANDCASTLE_SERVER).
/// </summary>
internal static class SandboxExposeCommand
{
    public static Command Create(Terminal terminal, HelpExamples examples, Option<string?> server)
    {
        var id = new Argument<string>("ID") { Description = "The sandbox whose port to open." };
        var port = new Argument<int>("PORT") { Description = "The port a process in the sandbox listens on (1-65535)." };
        var name = new Option<string?>("--name") { Description = "A label for the port.", HelpName = "NAME" };
        var command = new Command("expose", "Open a port of a sandbox at a preview URL (printed on stdout); a browser reaches the server inside through it until the port is closed or the sandbox sleeps or is removed.")
        {
            id, port, name, server,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var sandbox = parseResult.GetValue(id)!;
            if (!SandboxIds.IsValid(sandbox))
                throw new UsageException($"'{sandbox}' is not a valid sandbox id.");
            var number = parseResult.GetValue(port);
            if (number is < 1 or > 65535)
                throw new UsageException($"PORT must be from 1 to 65535, not {number}.");
            var address = ServerAddress.From(parseResult.GetValue(server))
                ?? throw new UsageException($"Preview URLs are served by a running server: give --server URL or set {ServerAddress.Variable} (start one with `sandcastle serve`).");
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
            var client = RemoteServer.Connect(address, http, ServerAddress.ApiKey(null));
            var preview = await RemoteServer.GuardAsync(address, async () =>
            {
                var opened = await client.OpenSandboxAsync(sandbox, cancellationToken);
                return await opened.ExposePortAsync(number, parseResult.GetValue(name), cancellationToken);
            }, cancellationToken);
            terminal.StandardOutput.WriteLine(preview.Url);
            return ExitCodes.Success;
        });
        return examples.For(command,
            "sandcastle sandbox expose demo 8000 --server http://127.0.0.1:8787",
            "SANDCASTLE_SERVER=http://127.0.0.1:8787 sandcastle sandbox expose demo 3000 --name app");
    }
}
