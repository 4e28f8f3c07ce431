using System.CommandLine;
using System.Text.Json;
using Sandcastle.Cli.Inputs;
using Sandcastle.Cli.Remote;
using Sandcastle.Cli.Rendering;
using Sandcastle.Cli.Running;
using Sandcastle.Generation.Models;
using Sandcastle.Sandbox;
using Sandcastle.Server.Execute;
using Spectre.Console;

namespace Sandcastle.Cli.Commands;

/// <summary><c>sandcastle run</c>: a question in, code written by Claude and run in a sandbox, the answer out.</summary>
public static class RunCommand
{
    // The server's own bounds (ExecuteOptions' defaults): a value is accepted or refused the same way in both modes.
    private static readonly ExecuteOptions Bounds = new();

    public static Command Create(Terminal terminal, HelpExamples examples)
    {
        var prompt = new Option<string?>("--prompt", "-p") { Description = "What to compute, in plain language (default: piped stdin; asked for on a terminal).", HelpName = "TEXT" };
        var language = new Option<string?>("--language", "-l") { Description = "python (default), javascript, typescript or bash.", HelpName = "LANGUAGE" };
        var apiKey = new Option<string?>("--anthropic-api-key") { Description = "Anthropic API key (default: ANTHROPIC_API_KEY, .env, or `sandcastle secret set ANTHROPIC_API_KEY`). Embedded runs only.", HelpName = "KEY" };
        var baseUrl = new Option<string?>("--anthropic-base-url") { Description = "Anthropic API endpoint (default: ANTHROPIC_BASE_URL, else api.anthropic.com). Embedded runs only.", HelpName = "URL" };
        var model = new Option<string?>("--model") { Description = $"Model: sonnet, haiku, opus or a full model id (default: the agent's, else {ClaudeModels.Sonnet}).", HelpName = "MODEL" };
        var agent = new Option<string[]>("--agent", "-a") { Description = "Agent(s) shaping the work: names, category/names or .md paths, comma-separated or repeated.", HelpName = "NAME[,NAME]" };
        var command = new Option<string[]>("--command") { Description = "Command(s) wrapping the prompt ($ARGUMENTS): names, category/names or .md paths.", HelpName = "NAME[,NAME]" };
        var sandbox = new Option<string?>("--sandbox", "-s") { Description = "Run in this named sandbox, keeping its files (default: a fresh one).", HelpName = "ID" };
        var server = new Option<string?>("--server") { Description = $"A running `sandcastle serve` to use (default: ${ServerAddress.Variable}, else run embedded).", HelpName = "URL" };
        var serverKey = ServerAddress.ApiKeyOption();
        var outputDirectory = new Option<string?>("--output-dir", "-o") { Description = "Where files the program creates are saved (default: ./sandcastle-output/<run id>/).", HelpName = "DIR" };
        var file = new Option<string[]>("--file", "-f") { Description = "A local file the program can read at /workspace/<name> (e.g. your data); repeatable.", HelpName = "PATH" };
        var maxAttempts = new Option<int?>("--max-attempts") { Description = $"Generate-and-run attempts, the first included (default 2, at most {Bounds.MaxAttemptsLimit}).", HelpName = "N", CustomParser = OptionParsers.IntegerBetween("--max-attempts", 1, Bounds.MaxAttemptsLimit, "attempts") };
        var timeout = new Option<TimeSpan?>("--timeout", "-t") { Description = "Run time limit of each program: seconds, or 30s, 2m (default 30s).", HelpName = "DURATION", CustomParser = OptionParsers.Duration("--timeout", TimeSpan.FromMilliseconds(Bounds.MaxTimeoutMs)) };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (the /execute shape plus outputDir and files) and nothing else." };
        var allowNet = OptionParsers.AllowNet();
        var catalog = ComponentsCommand.CatalogOption();
        var run = new Command("run", "Ask in plain language: Claude writes the code, a sandbox runs it, you see both live.")
        {
            prompt, language, apiKey, baseUrl, model, agent, command, sandbox, server, serverKey, outputDirectory, file, maxAttempts, timeout, json, catalog, allowNet,
        };
        run.SetAction(async (parseResult, cancellationToken) =>
        {
            var asJson = parseResult.GetValue(json);
            OutputDirectory? output = null;
            try
            {
                var serverUrl = ServerAddress.From(parseResult.GetValue(server));
                if (serverUrl is not null)
                    RefuseEmbeddedOnly(parseResult.GetValue(apiKey) is not null ? "--anthropic-api-key" : parseResult.GetValue(baseUrl) is not null ? "--anthropic-base-url" : null);
                var settings = new RunSettings
                {
                    Prompt = ReadPrompt(terminal, parseResult.GetValue(prompt)),
                    Language = ParseLanguage(parseResult.GetValue(language)),
                    ApiKey = parseResult.GetValue(apiKey),
                    BaseUrl = parseResult.GetValue(baseUrl),
                    Model = ValidModel(parseResult.GetValue(model)),
                    Agents = SplitNames(parseResult.GetValue(agent)),
                    Commands = SplitNames(parseResult.GetValue(command)),
                    SandboxId = ValidSandboxId(parseResult.GetValue(sandbox)),
                    Server = serverUrl,
                    ServerApiKey = ServerAddress.ApiKey(parseResult.GetValue(serverKey)),
                    Files = InputFiles.Resolve(parseResult.GetValue(file) ?? [], "--file"),
                    OutputDirectory = "",
                    MaxAttempts = parseResult.GetValue(maxAttempts),
                    Timeout = parseResult.GetValue(timeout),
                    Catalog = parseResult.GetValue(catalog),
                    AllowNet = parseResult.GetValue(allowNet) ?? [],
                };
                output = OutputDirectory.Prepare(parseResult.GetValue(outputDirectory) ?? Path.Combine("sandcastle-output", NewRunId()));
                return await RunAsync(terminal, settings with { OutputDirectory = output.Path }, asJson, cancellationToken);
            }
            catch (Exception e) when (asJson && e is CliFailureException or UsageException)
            {
                // Scripts read stdout: give them the failure in the server's error shape too.
                terminal.StandardOutput.WriteLine(JsonSerializer.Serialize(new { error = e is UsageException ? "Invalid input" : "Run failed", message = e.Message }, RunJson.Options));
                throw;
            }
            finally
            {
                output?.RemoveIfUnused();
            }
        });
        return examples.For(run,
            "sandcastle run --prompt \"Calculate the 10th Fibonacci number\"",
            "echo \"What is 2^100?\" | sandcastle run",
            "sandcastle run -p \"Plot a sine wave\" --command make-chart -o ./charts",
            "sandcastle run -p \"Summarise this data\" --file data.csv --agent data-scientist",
            "sandcastle run -p \"Mean of 1..100\" --json | jq .output",
            "sandcastle run -p \"2^100\" --server http://127.0.0.1:8787 --api-key KEY");
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
            terminal.StandardOutput.WriteLine(RunJsonResult.From(outcome, settings.OutputDirectory).ToJsonString(RunJson.Indented));
        else
            renderer.Summary(outcome);
        if (outcome.Response.Success)
            return ExitCodes.Success;
        var response = outcome.Response;
        terminal.Fail($"no working program after {response.Attempts.Count} attempt(s): the last one ended with {RunSummary.Describe(response.Reason, response.ExitCode)}.");
        return ExitCodes.Failure;
    }

    /// <summary>--prompt, else piped stdin (as Claude's CLI reads it), else a question on the terminal.</summary>
    private static string ReadPrompt(Terminal terminal, string? option)
    {
        var text = option;
        if (text is null && !terminal.InputIsTerminal)
        {
            using var reader = new StreamReader(terminal.OpenStandardInput());
            text = reader.ReadToEnd();
            if (string.IsNullOrWhiteSpace(text))
                throw new UsageException("--prompt is required: say what to compute, e.g. --prompt \"Calculate the 10th Fibonacci number\" (or pipe it on stdin).");
        }
        text ??= terminal.Error.Prompt(new TextPrompt<string>("What should Claude compute?"));
        return string.IsNullOrWhiteSpace(text)
            ? throw new UsageException("the prompt is empty: say what to compute, e.g. --prompt \"Calculate the 10th Fibonacci number\".")
            : text.Trim();
    }

    private static void RefuseEmbeddedOnly(string? option)
    {
        if (option is not null)
            throw new UsageException($"{option} is for embedded runs: with --server the server calls Claude with its own key and endpoint. Leave it out, or leave out --server (and SANDCASTLE_SERVER).");
    }

    private static string? ValidModel(string? text)
    {
        if (text is null)
            return null;
        var id = ModelAliases.Resolve(text);
        if (text.Trim().Length == 0 || (id is not null && !ModelIds.IsValid(id)))
            throw new UsageException($"--model '{text}' is not a model: use sonnet, opus, haiku or a model id such as {ClaudeModels.Sonnet}.");
        return text;
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
