using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Sandcastle.Cli.Hosting;
using Sandcastle.Cli.Monitor;
using Sandcastle.Cli.Remote;
using Sandcastle.Cli.Rendering;
using Sandcastle.Cli.Running;
using Sandcastle.Sandbox;

namespace Sandcastle.Cli.Commands;

/// <summary><c>sandcastle monitor</c>: a live dashboard, or with --prompt one timed request.</summary>
public static class MonitorCommand
{
    public static Command Create(Terminal terminal, HelpExamples examples)
    {
        var prompt = new Option<string?>("--prompt", "-p") { Description = "Run this one request and print where the time went (health, generation, execution, total), tokens and memory.", HelpName = "TEXT" };
        var server = new Option<string?>("--server") { Description = $"The server to watch (default: ${ServerAddress.Variable}, else this machine's engine).", HelpName = "URL" };
        var language = new Option<string?>("--language", "-l") { Description = "Language of the --prompt request (default python).", HelpName = "LANGUAGE" };
        var apiKey = new Option<string?>("--anthropic-api-key") { Description = "Anthropic API key for an embedded --prompt request.", HelpName = "KEY" };
        var baseUrl = new Option<string?>("--anthropic-base-url") { Description = "Anthropic API endpoint for an embedded --prompt request.", HelpName = "URL" };
        var once = new Option<bool>("--once") { Description = "Print the dashboard once and exit (also the behaviour when not on a terminal)." };
        var interval = new Option<TimeSpan?>("--interval") { Description = "Seconds between refreshes (default 1).", HelpName = "SECONDS", CustomParser = OptionParsers.Duration("--interval", TimeSpan.FromHours(1)) };
        var json = new Option<bool>("--json") { Description = "Print the dashboard once as JSON (raw fields) and exit." };
        var serverKey = ServerAddress.ApiKeyOption();
        var command = new Command("monitor", "Watch a Sandcastle server (or this machine's sandboxes) live, or time one request with --prompt.")
        {
            prompt, server, serverKey, language, apiKey, baseUrl, once, interval, json,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var serverUri = ServerAddress.From(parseResult.GetValue(server));
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            if (parseResult.GetValue(prompt) is { } text)
            {
                var settings = new RunSettings
                {
                    Prompt = text,
                    Language = parseResult.GetValue(language) is { } l ? SandboxLanguageNames.TryParse(l, out var parsed) ? parsed.Value
                        : throw new UsageException($"unknown language '{l}': use one of {string.Join(", ", SandboxLanguageNames.Supported)}.") : SandboxLanguage.Python,
                    ApiKey = parseResult.GetValue(apiKey),
                    BaseUrl = parseResult.GetValue(baseUrl),
                    Server = serverUri,
                    ServerApiKey = ServerAddress.ApiKey(parseResult.GetValue(serverKey)),
                    OutputDirectory = Path.Combine(Path.GetTempPath(), "sandcastle-monitor-" + Guid.NewGuid().ToString("N")),
                };
                return await new OneShotMonitor(terminal, http).RunAsync(settings, cancellationToken);
            }
            var refresh = parseResult.GetValue(interval) ?? TimeSpan.FromSeconds(1);
            if (serverUri is not null)
            {
                var client = RemoteServer.Connect(serverUri, http, ServerAddress.ApiKey(parseResult.GetValue(serverKey)));
                return await RemoteServer.GuardAsync(serverUri,
                    () => new Dashboard(terminal, new ServerDashboardSource(client)).RunAsync(parseResult.GetValue(once), refresh, cancellationToken, parseResult.GetValue(json)), cancellationToken);
            }
            await using var services = CliServices.Build();
            var engine = services.GetRequiredService<SandboxEngine>();
            var health = await engine.CheckAsync(cancellationToken);
            return await new Dashboard(terminal, new LocalDashboardSource(engine, health)).RunAsync(parseResult.GetValue(once), refresh, cancellationToken, parseResult.GetValue(json));
        });
        return examples.For(command,
            "sandcastle monitor --server http://127.0.0.1:8787",
            "sandcastle monitor --prompt \"Calculate the 10th Fibonacci number\"",
            "sandcastle monitor --server http://127.0.0.1:8787 --once");
    }
}
