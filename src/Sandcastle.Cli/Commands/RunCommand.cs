using System.CommandLine;
using System.Text.Json;
using Sandcastle.Cli.Remote;
using Sandcastle.Cli.Rendering;
using Sandcastle.Cli.Running;
using Sandcastle.Sandbox;
using Spectre.Console;

namespace Sandcastle.Cli.Commands;

/// <summary><c>sandcastle run</c>: a question in, code written by Claude and run in a sandbox, the answer out.</summary>
public static class RunCommand
{
    public static Command Create(Terminal terminal, HelpExamples examples)
    {
        var prompt = new Option<string?>("--prompt", "-p") { Description = "What to compute, in plain language (asked for when left out on a terminal).", HelpName = "TEXT" };
        var language = new Option<string?>("--language", "-l") { Description = "python (default), javascript, typescript or bash.", HelpName = "LANGUAGE" };
        var apiKey = new Option<string?>("--anthropic-api-key") { Description = "Anthropic API key (default: ANTHROPIC_API_KEY, .env, or `sandcastle secret set ANTHROPIC_API_KEY`).", HelpName = "KEY" };
        var baseUrl = new Option<string?>("--anthropic-base-url") { Description = "Anthropic API endpoint (default: ANTHROPIC_BASE_URL, else api.anthropic.com).", HelpName = "URL" };
        var model = new Option<string?>("--model") { Description = "Model: sonnet, haiku, opus or a full model id (default: the agent's, else claude-sonnet-4-5).", HelpName = "MODEL" };
        var agent = new Option<string[]>("--agent", "-a") { Description = "Agent(s) shaping the work: names, category/names or .md paths, comma-separated or repeated.", HelpName = "NAME[,NAME]" };
        var command = new Option<string[]>("--command") { Description = "Command(s) wrapping the prompt ($ARGUMENTS): names, category/names or .md paths.", HelpName = "NAME[,NAME]" };
        var sandbox = new Option<string?>("--sandbox", "-s") { Description = "Run in this named sandbox, keeping its files (default: a fresh one).", HelpName = "ID" };
        var server = new Option<string?>("--server") { Description = $"A running `sandcastle serve` to use (default: ${ServerAddress.Variable}, else run embedded).", HelpName = "URL" };
        var outputDirectory = new Option<string?>("--output-dir", "-o") { Description = "Where files the program creates are saved (default: ./sandcastle-output/<run id>/).", HelpName = "DIR" };
        var maxAttempts = new Option<int?>("--max-attempts") { Description = "Generate-and-run attempts, the first included (default 2).", HelpName = "N", CustomParser = OptionParsers.IntegerAtLeast("--max-attempts", 1, "attempts") };
        var timeout = new Option<double?>("--timeout", "-t") { Description = "Run time limit of each program in seconds (default 30).", HelpName = "SECONDS", CustomParser = OptionParsers.PositiveSeconds("--timeout") };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (the /execute shape) and nothing else." };
        var allowNet = OptionParsers.AllowNet();
        var catalog = ComponentsCommand.CatalogOption();
        var run = new Command("run", "Ask in plain language: Claude writes the code, a sandbox runs it, you see both live.")
        {
            prompt, language, apiKey, baseUrl, model, agent, command, sandbox, server, outputDirectory, maxAttempts, timeout, json, catalog, allowNet,
        };
        run.SetAction(async (parseResult, cancellationToken) =>
        {
            var asJson = parseResult.GetValue(json);
            try
            {
                var settings = new RunSettings
                {
                    Prompt = parseResult.GetValue(prompt) ?? AskForPrompt(terminal),
                    Language = ParseLanguage(parseResult.GetValue(language)),
                    ApiKey = parseResult.GetValue(apiKey),
                    BaseUrl = parseResult.GetValue(baseUrl),
                    Model = parseResult.GetValue(model),
                    Agents = SplitNames(parseResult.GetValue(agent)),
                    Commands = SplitNames(parseResult.GetValue(command)),
                    SandboxId = ValidSandboxId(parseResult.GetValue(sandbox)),
                    Server = ServerAddress.From(parseResult.GetValue(server)),
                    OutputDirectory = Path.GetFullPath(parseResult.GetValue(outputDirectory) ?? Path.Combine("sandcastle-output", NewRunId())),
                    MaxAttempts = parseResult.GetValue(maxAttempts),
                    Timeout = parseResult.GetValue(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                    Catalog = parseResult.GetValue(catalog),
                    AllowNet = parseResult.GetValue(allowNet) ?? [],
                };
                return await RunAsync(terminal, settings, asJson, cancellationToken);
            }
            catch (Exception e) when (asJson && e is CliFailureException or UsageException)
            {
                // Scripts read stdout: give them the failure in the server's error shape too.
                terminal.StandardOutput.WriteLine(JsonSerializer.Serialize(new { error = e is UsageException ? "Invalid input" : "Run failed", message = e.Message }, RunJson.Options));
                throw;
            }
        });
        return examples.For(run,
            "sandcastle run --prompt \"Calculate the 10th Fibonacci number\"",
            "sandcastle run -p \"Plot a sine wave\" --command make-chart -o ./charts",
            "sandcastle run -p \"A todo app\" --agent frontend-developer --command setup-react -l javascript",
            "sandcastle run -p \"Mean of 1..100\" --json | jq .output",
            "sandcastle run -p \"2^100\" --server http://127.0.0.1:8787");
    }

    private static async Task<int> RunAsync(Terminal terminal, RunSettings settings, bool asJson, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var resolver = ComponentsCommand.CreateResolver(settings.Catalog, http);
        var prepared = await RunPreparation.PrepareAsync(settings, resolver, cancellationToken);
        IRunBackend backend = settings.Server is null ? new EmbeddedRunBackend() : new ServerRunBackend(http);
        using var renderer = new LiveRunRenderer(terminal, settings.Language);
        IRunObserver observer = asJson ? new SilentRunObserver() : renderer;
        var outcome = await backend.RunAsync(prepared, settings, observer, cancellationToken);
        if (asJson)
            terminal.StandardOutput.WriteLine(JsonSerializer.Serialize(outcome.Response, RunJson.Indented));
        else
            renderer.Summary(outcome);
        if (outcome.Response.Success)
            return ExitCodes.Success;
        var response = outcome.Response;
        terminal.Fail($"no working program after {response.Attempts.Count} attempt(s): the last one ended with {RunSummary.Describe(response.Reason, response.ExitCode)}.");
        return ExitCodes.Failure;
    }

    private static string AskForPrompt(Terminal terminal)
    {
        if (!terminal.InputIsTerminal)
            throw new UsageException("--prompt is required: say what to compute, e.g. --prompt \"Calculate the 10th Fibonacci number\".");
        return terminal.Error.Prompt(new TextPrompt<string>("What should Claude compute?"));
    }

    private static SandboxLanguage ParseLanguage(string? text) => text is null ? SandboxLanguage.Python
        : SandboxLanguageNames.TryParse(text, out var language) ? language.Value
        : throw new UsageException($"unknown language '{text}': use one of {string.Join(", ", SandboxLanguageNames.Supported)}.");

    private static List<string> SplitNames(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    private static string? ValidSandboxId(string? id) => id is null || SandboxIds.IsValid(id) ? id
        : throw new UsageException($"'{id}' is not a valid sandbox id: use 1-63 lowercase letters, digits and dashes, starting with a letter or digit.");

    private static string NewRunId() => $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
}
