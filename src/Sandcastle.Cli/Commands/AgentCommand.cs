using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sandcastle.Cli.Agents;
using Sandcastle.Cli.Components;
using Sandcastle.Cli.Remote;
using Sandcastle.Cli.Rendering;
using Sandcastle.Cli.Running;
using Sandcastle.Client;
using Sandcastle.Client.Sandboxes;
using Sandcastle.Sandbox;
using Sandcastle.Server;

namespace Sandcastle.Cli.Commands;

/// <summary>
/// <c>sandcastle agent</c>: Claude Code itself at work in a sandbox (reading, writing, running, retrying), its key
/// kept outside. Uses a server, or starts one in this process on loopback for the run.
/// </summary>
public static class AgentCommand
{
    public static Command Create(Terminal terminal, HelpExamples examples)
    {
        var prompt = new Option<string?>("--prompt", "-p") { Description = "The task for Claude Code.", HelpName = "TEXT" };
        var agent = new Option<string?>("--agent", "-a") { Description = "A subagent to use: name, category/name or .md path (project .claude/, ~/.claude/, then the catalog).", HelpName = "NAME" };
        var command = new Option<string?>("--command") { Description = "A slash command to run with the prompt as its arguments: name, category/name or .md path.", HelpName = "NAME" };
        var sandbox = new Option<string?>("--sandbox", "-s") { Description = "Work in this named sandbox, keeping its files and Claude Code's sessions (default: a new one).", HelpName = "ID" };
        var maxTurns = new Option<int?>("--max-turns") { Description = "Model requests the run may make (default: the server's Agent:MaxTurns).", HelpName = "N", CustomParser = OptionParsers.IntegerBetween("--max-turns", 1, 10_000, "turns") };
        var model = new Option<string?>("--model") { Description = "Model for Claude Code (default: its own).", HelpName = "MODEL" };
        var timeout = new Option<TimeSpan?>("--timeout", "-t") { Description = "Wall time of the run: seconds, or 30s, 10m, 1h (default: the server's Agent:DefaultTimeout).", HelpName = "DURATION", CustomParser = OptionParsers.Duration("--timeout", TimeSpan.FromHours(24)) };
        var resume = new Option<string?>("--resume", "-r") { Description = "Continue the sandbox's last conversation, or the session ID given.", HelpName = "SESSION", Arity = ArgumentArity.ZeroOrOne };
        var server = new Option<string?>("--server") { Description = $"A running `sandcastle serve` to use (default: ${ServerAddress.Variable}, else one in this process).", HelpName = "URL" };
        var json = new Option<bool>("--json") { Description = "Print the final result with its events as one JSON object and nothing else." };
        var catalog = ComponentsCommand.CatalogOption();
        var cmd = new Command("agent", "Run Claude Code in a sandbox: it uses its tools freely there (the sandbox is the boundary); the API key never enters.")
        {
            prompt, agent, command, sandbox, maxTurns, model, timeout, resume, server, json, catalog,
        };
        cmd.SetAction(async (parseResult, cancellationToken) =>
        {
            var text = parseResult.GetValue(prompt);
            if (string.IsNullOrWhiteSpace(text) && parseResult.GetValue(command) is null)
                throw new UsageException("--prompt is required: say what Claude Code should do, e.g. --prompt \"Write fib.py and run it\".");
            if (parseResult.GetValue(agent) is not null && parseResult.GetValue(command) is not null)
                throw new UsageException("give either --agent or --command, not both.");
            var id = parseResult.GetValue(sandbox) ?? "agent-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            if (!SandboxIds.IsValid(id))
                throw new UsageException($"'{id}' is not a valid sandbox id: use 1-63 lowercase letters, digits and dashes, starting with a letter or digit.");
            var resumeValue = parseResult.GetResult(resume) is null ? null : parseResult.GetValue(resume) ?? "last";

            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var resolver = ComponentsCommand.CreateResolver(parseResult.GetValue(catalog), http);
            var agentFile = parseResult.GetValue(agent) is { } a ? await resolver.ResolveAsync(ComponentKind.Agent, a, cancellationToken) : null;
            var commandFile = parseResult.GetValue(command) is { } c ? await resolver.ResolveAsync(ComponentKind.Command, c, cancellationToken) : null;
            var body = new AgentRunRequest(text?.Trim() ?? "")
            {
                Agent = agentFile?.Entry.ShortName,
                AgentDefinition = agentFile?.Text,
                Command = commandFile?.Entry.ShortName,
                CommandDefinition = commandFile?.Text,
                Model = parseResult.GetValue(model),
                MaxTurns = parseResult.GetValue(maxTurns),
                Timeout = parseResult.GetValue(timeout),
                Resume = resumeValue,
            };

            var address = ServerAddress.From(parseResult.GetValue(server));
            await using var embedded = address is null ? await StartEmbeddedAsync(cancellationToken) : null;
            var serverUri = address ?? embedded!.Address;
            var client = RemoteServer.Connect(serverUri, http, ServerAddress.ApiKey(null));
            return await RemoteServer.GuardAsync(serverUri, () => RunAsync(terminal, client, id, body, parseResult.GetValue(json), cancellationToken), cancellationToken);
        });
        return examples.For(cmd,
            "sandcastle agent --prompt \"Write fib.py printing fib(10) and run it\"",
            "sandcastle agent -p \"Review this code\" --agent code-reviewer --sandbox my-project",
            "sandcastle agent -p \"src/\" --command review --max-turns 20",
            "sandcastle agent -p \"Now add tests\" --sandbox my-project --resume",
            "sandcastle agent -p \"2^100 in Python\" --json | jq .result");
    }

    private static async Task<int> RunAsync(Terminal terminal, SandcastleClient client, string id, AgentRunRequest body, bool asJson, CancellationToken cancellationToken)
    {
        // Created unless it exists: an existing sandbox keeps its settings and files.
        var sandbox = await client.GetSandboxAsync(id, cancellationToken);
        var renderer = new AgentRenderer(terminal);
        var events = new JsonArray();
        AgentEvent? result = null;
        try
        {
            await foreach (var e in sandbox.RunAgentStreamAsync(body, cancellationToken))
            {
                if (e.Type is "result" or "error")
                {
                    result = e;
                    break;
                }
                if (asJson)
                    events.Add(JsonSerializer.SerializeToNode(e, EventJson));
                else
                    renderer.Show(e);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Leaving the stream is what stops the run: the server kills Claude Code's whole tree.
            terminal.Fail("cancelled; the agent run was stopped.");
            return ExitCodes.Cancelled;
        }
        if (result is null)
            throw new CliFailureException(ExitCodes.ServerUnreachable, "the server ended the agent stream without a result.");
        if (result.Type == "error")
            throw new CliFailureException(ExitCodes.Failure, $"the agent run failed: {result.Message}");
        if (asJson)
        {
            var output = JsonSerializer.SerializeToNode(result, EventJson)!.AsObject();
            output["sandbox"] = id;
            output["events"] = events;
            terminal.StandardOutput.WriteLine(output.ToJsonString(RunJson.Indented));
        }
        else
        {
            renderer.Summary(result, id);
        }
        return result.Success == true ? ExitCodes.Success
            : result.Reason == "timeout" ? ExitCodes.Timeout : ExitCodes.Failure;
    }

    /// <summary>Events written back out as the server sent them: camelCase, members that do not apply left out.</summary>
    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The server in this process on a loopback port, for the run only (same configuration as `sandcastle serve`).</summary>
    private static async Task<EmbeddedServer> StartEmbeddedAsync(CancellationToken cancellationToken)
    {
        // Quiet as `serve` is: the agent's own output is what the user reads.
        var app = SandcastleServer.Build(["--urls", "http://127.0.0.1:0"], builder => Serving.ServerLogging.Configure(builder, verbose: false));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmbeddedServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    private sealed class EmbeddedServer(Microsoft.AspNetCore.Builder.WebApplication app, Uri address) : IAsyncDisposable
    {
        public Uri Address { get; } = address;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }
}
