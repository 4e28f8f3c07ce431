using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sandcastle.Cli.Components;
using Sandcastle.Cli.Rendering;
using Sandcastle.Server;
using Sandcastle.Server.Web;

namespace Sandcastle.Cli.Commands;

/// <summary><c>sandcastle serve</c>: the HTTP server (POST /execute, GET /health, ...) in this process.</summary>
public static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:8787";

    public static Command Create(Terminal terminal, HelpExamples examples)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen; ';' separates several.", HelpName = "URLS", DefaultValueFactory = _ => DefaultUrls };
        var command = new Command("serve", "Run the Sandcastle HTTP server: POST /execute (JSON or Server-Sent Events), GET /health. Configuration: environment, .env, `sandcastle secret set`.")
        {
            urls,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var catalogHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            await using var app = SandcastleServer.Build(["--urls", parseResult.GetValue(urls)!],
                builder => builder.Services.AddSingleton<IComponentCatalog>(new ServerComponentCatalog(catalogHttp)));
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException e)
            {
                throw new CliFailureException(ExitCodes.Failure, $"cannot listen on {parseResult.GetValue(urls)}: {e.Message}", e);
            }
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            terminal.StandardError.WriteLine($"Sandcastle is listening on {string.Join(", ", addresses)} (Ctrl+C stops it).");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
            await app.StopAsync(CancellationToken.None);
            return ExitCodes.Success;
        });
        return examples.For(command,
            "sandcastle serve",
            "sandcastle serve --urls http://0.0.0.0:8787",
            "curl -N -H 'Accept: text/event-stream' -d '{\"question\":\"What is 2^10?\"}' -H 'Content-Type: application/json' http://127.0.0.1:8787/execute");
    }
}
