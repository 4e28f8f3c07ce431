using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sandcastle.Cli.Hosting;
using Sandcastle.Cli.Remote;
using Sandcastle.Cli.Rendering;
using Sandcastle.Client.Sandboxes;
using Sandcastle.Sandbox;

namespace Sandcastle.Cli.Commands;

/// <summary>
/// <c>sandcastle sandbox create ID [--allow-net HOST ...]</c>: creates a sandbox, or updates one, with a network policy.
/// On a server the policy is the sandbox's own (<c>PUT /v1/sandboxes/{id}</c>) and every later exec uses it; on this
/// machine a sandbox keeps only its files between commands, so the policy is checked here and given per run.
/// </summary>
internal static class SandboxCreateCommand
{
    public static Command Create(Terminal terminal, HelpExamples examples)
    {
        var id = SandboxCommand.IdArgument();
        var allowNet = OptionParsers.AllowNet();
        var server = SandboxCommand.ServerOption();
        var apiKey = ServerAddress.ApiKeyOption();
        var command = new Command("create", "Create a sandbox, or update one, with a network policy (--allow-net); on a server its later execs use that policy.")
        {
            id, allowNet, server, apiKey,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var sandbox = parseResult.GetValue(id)!;
            if (!SandboxIds.IsValid(sandbox))
                throw new UsageException($"'{sandbox}' is not a valid sandbox id (lower-case letters, digits and '-', at most 63).");
            var allow = parseResult.GetValue(allowNet) ?? [];
            if (ServerAddress.From(parseResult.GetValue(server)) is { } address)
                return await OnServerAsync(terminal, address, ServerAddress.ApiKey(parseResult.GetValue(apiKey)), sandbox, allow, cancellationToken);

            await using var services = CliServices.Build();
            var engine = services.GetRequiredService<SandboxEngine>();
            var policy = ExecCommand.AllowedNetwork(allow, engine.NetworkOptions);
            await using (engine.GetOrCreate(sandbox))
            {
            }
            terminal.StandardOutput.WriteLine(sandbox);
            if (allow.Length > 0)
                terminal.StandardError.WriteLine($"On this machine a sandbox keeps no network policy between commands: give --allow-net {string.Join(" --allow-net ", allow)} to each `sandcastle exec --sandbox {sandbox}` or `run` (checked: within Network:MaxAllow, {policy}).");
            return ExitCodes.Success;
        });
        return examples.For(command,
            "sandcastle sandbox create demo --allow-net pypi.org --allow-net files.pythonhosted.org --server http://127.0.0.1:8787",
            "sandcastle sandbox create offline --server http://127.0.0.1:8787");
    }

    /// <summary>PUTs the sandbox with its policy and prints the server's view of it (id and network) as JSON.</summary>
    private static async Task<int> OnServerAsync(Terminal terminal, Uri address, string? key, string sandbox, string[] allow, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        var client = RemoteServer.Connect(address, http, key);
        var settings = new Client.Sandboxes.SandboxSettings { Network = allow.Length > 0 ? new SandboxNetwork(allow) : null };
        var created = await RemoteServer.GuardAsync(address, () => client.CreateSandboxAsync(sandbox, settings, cancellationToken), cancellationToken);
        terminal.StandardOutput.WriteLine(JsonSerializer.Serialize(created.Info, Running.RunJson.Indented));
        return ExitCodes.Success;
    }
}
