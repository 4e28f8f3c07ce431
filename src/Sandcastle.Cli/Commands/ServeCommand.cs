using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Sandcastle.Cli.Components;
using Microsoft.Extensions.Options;
using Sandcastle.Cli.Hosting;
using Sandcastle.Cli.Rendering;
using Sandcastle.Cli.Serving;
using Sandcastle.Generation;
using Sandcastle.Sandbox;
using Sandcastle.Server;
using Sandcastle.Server.Web;
using Sandcastle.Server.Configuration;
using Sandcastle.Server.Tenancy;

namespace Sandcastle.Cli.Commands;

/// <summary>
/// <c>sandcastle serve</c>: the HTTP server (POST /execute, GET /health, ...) in this process. It says where it
/// listens and whether the model and the sandbox engine are ready, and nothing else unless --verbose; an expected
/// refusal is one line and its own exit code.
/// </summary>
public static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:8787";

    public static Command Create(Terminal terminal, HelpExamples examples)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen; ';' separates several.", HelpName = "URLS", DefaultValueFactory = _ => DefaultUrls };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log framework detail (Orleans, Kestrel, requests) too." };
        var cluster = new Option<string?>("--cluster") { Description = "Join the cluster whose membership and state are in this Redis (Cluster:Redis); see README \"Running a cluster\".", HelpName = "redis://HOST:PORT" };
        var node = new Option<string?>("--node") { Description = "This node's name in the cluster (Cluster:NodeName; default: the host name).", HelpName = "NAME" };
        var command = new Command("serve", "Run the Sandcastle HTTP server: POST /execute (JSON or Server-Sent Events), GET /health, /v1/sandboxes. Configuration: environment, .env, `sandcastle secret set`.")
        {
            urls, verbose, cluster, node,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var catalogHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var addresses = ListenAddresses.Parse(parseResult.GetValue(urls)!);
            string[] arguments = ["--urls", string.Join(';', addresses.Select(a => a.GetLeftPart(UriPartial.Authority))),
                .. ClusterArguments(parseResult.GetValue(cluster), parseResult.GetValue(node), addresses)];
            await using var app = SandcastleServer.Build(arguments,
                builder =>
                {
                    ServerLogging.Configure(builder, parseResult.GetValue(verbose));
                    builder.Services.AddSingleton<IComponentCatalog>(new ServerComponentCatalog(catalogHttp));
                });
            RefuseExposedWithoutKeys(app, addresses);
            // Claimed before the engine exists: an engine starting on another server's data root would already
            // touch it (its volumes, its left-over cgroups), and a refusal must be the one line that says so.
            DataRootOwner.ClaimForServer(DataRoot.Resolve(app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value.DataRoot), addresses);
            var engine = app.Services.GetRequiredService<SandboxEngine>();
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException e)
            {
                await StopWhatStartedAsync(app);
                throw new CliFailureException(ExitCodes.CannotListen,
                    $"cannot listen on {string.Join(", ", addresses)}: {e.Message.TrimEnd('.')}. Pick another port with --urls, or stop the program that holds it.", e);
            }
            catch (InvalidOperationException e) when (e.Message.StartsWith("Refusing", StringComparison.Ordinal))
            {
                await StopWhatStartedAsync(app);
                throw new CliFailureException(ExitCodes.NotConfigured, e.Message, e);
            }
            terminal.StandardError.WriteLine($"Sandcastle is listening on {string.Join(", ", addresses.Select(a => a.GetLeftPart(UriPartial.Authority)))} (Ctrl+C stops it).");
            await ReportReadinessAsync(terminal, app, engine, cancellationToken);
            try
            {
                // Ctrl+C or SIGTERM, or the server stopping itself (POST /v1/node/drain).
                using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
                await Task.Delay(Timeout.Infinite, stopping.Token);
            }
            catch (OperationCanceledException)
            {
            }
            await app.StopAsync(CancellationToken.None);
            return ExitCodes.Success;
        });
        return examples.For(command,
            "sandcastle serve",
            "SANDCASTLE_API_KEYS=key1,key2 sandcastle serve --urls http://0.0.0.0:8787",
            "curl -N -H 'Accept: text/event-stream' -d '{\"question\":\"What is 2^10?\"}' -H 'Content-Type: application/json' http://127.0.0.1:8787/execute");
    }

    /// <summary>
    /// A start that failed part way (Kestrel could not bind) has already started the Orleans silo: it is stopped before
    /// the app is disposed, or its background agents, still running, log errors against a disposed container.
    /// </summary>
    private static async Task StopWhatStartedAsync(WebApplication app)
    {
        try
        {
            await app.StopAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or IOException)
        {
            // Stopping what never fully started may refuse; the refusal the user sees is the start's.
        }
    }

    /// <summary>
    /// --cluster and --node as configuration, and the HTTP address other nodes forward to: the first --urls address,
    /// a wildcard host (0.0.0.0) replaced by the node's advertised address. Settings given otherwise are kept.
    /// </summary>
    private static IEnumerable<string> ClusterArguments(string? redis, string? node, IReadOnlyList<Uri> addresses)
    {
        if (!string.IsNullOrWhiteSpace(redis))
            yield return $"--Cluster:Redis={redis}";
        if (!string.IsNullOrWhiteSpace(node))
            yield return $"--Cluster:NodeName={node}";
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("Cluster__HttpAddress")) && addresses.Count > 0)
        {
            var first = addresses[0];
            var host = first.Host is "0.0.0.0" or "[::]" or "*" or "+"
                ? Sandcastle.Sessions.Cluster.ClusterHosting.AdvertisedAddress(new() { AdvertiseAddress = Environment.GetEnvironmentVariable("Cluster__AdvertiseAddress") }).ToString()
                : first.Host;
            yield return $"--Cluster:HttpAddress={first.Scheme}://{host}:{first.Port}";
        }
    }

    /// <summary>Refuses before binding anything: a keyless server must not be reachable from other machines.</summary>
    private static void RefuseExposedWithoutKeys(WebApplication app, IReadOnlyList<Uri> addresses)
    {
        if (!app.Services.GetRequiredService<ApiKeyRegistry>().IsOpen)
            return;
        var exposed = addresses.Where(a => !ListenAddresses.IsLoopback(a)).ToList();
        if (exposed.Count > 0)
        {
            throw new CliFailureException(ExitCodes.NotConfigured,
                $"refusing to serve on {string.Join(", ", exposed.Select(a => a.GetLeftPart(UriPartial.Authority)))} without API keys: "
                + $"set {TenancyOptions.ApiKeysVariable}=key1,key2 (clients send one as a bearer token), or listen on http://127.0.0.1:PORT.");
        }
    }

    private static async Task ReportReadinessAsync(Terminal terminal, WebApplication app, SandboxEngine engine, CancellationToken cancellationToken)
    {
        var health = await engine.CheckAsync(cancellationToken);
        terminal.StandardError.WriteLine(health.Usable
            ? $"  sandbox engine: ready (cgroup {health.CgroupVersion}, data root {engine.DataRoot})"
            : $"  sandbox engine: NOT READY, /health answers 503 and /execute refuses: {health.Problem}");
        if (engine.WeakerLimits is { } weaker)
            terminal.StandardError.WriteLine($"  limits: {weaker}.");
        terminal.StandardError.WriteLine($"  workspace quota: {engine.WorkspaceQuotaEnforcement}.");
        foreach (var problem in ConfigurationProblems.All(app.Configuration))
            terminal.StandardError.WriteLine($"  configuration: {problem}");
        var generation = app.Services.GetRequiredService<IOptions<GenerationOptions>>().Value;
        terminal.StandardError.WriteLine(string.IsNullOrWhiteSpace(generation.ApiKey)
            ? $"  model: {generation.Model}, but no Anthropic API key: /execute answers 500 until ANTHROPIC_API_KEY is set (or `sandcastle secret set ANTHROPIC_API_KEY`)."
            : $"  model: {generation.Model} (Anthropic API key set)");
    }
}
