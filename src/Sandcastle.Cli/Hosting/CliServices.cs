using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sandcastle.Generation;
using Sandcastle.Sandbox;
using Sandcastle.Server.Configuration;
using Sandcastle.Sessions.Snapshots;

namespace Sandcastle.Cli.Hosting;

/// <summary>
/// The services one command uses, configured as the server is: environment variables, the working directory's
/// <c>.env</c>, the secrets file, then the command line's own settings on top.
/// </summary>
public static class CliServices
{
    public static ServiceProvider Build(IEnumerable<KeyValuePair<string, string?>>? commandLineSettings = null)
    {
        var configuration = new ConfigurationBuilder()
            // One command, then exit: a fork server started for it would only be thrown away.
            .AddInMemoryCollection([new("Sandbox:ForkServer", "false")])
            .AddEnvironmentVariables()
            .AddSandcastleConfiguration(Directory.GetCurrentDirectory())
            .AddInMemoryCollection(commandLineSettings ?? [])
            .Build();
        DataRootOwner.ClaimShared(DataRoot.Resolve(configuration[$"{SandboxOptions.SectionName}:{nameof(SandboxOptions.DataRoot)}"]));
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSandcastleSandbox();
        services.AddSandcastleGeneration();
        services.AddSandcastleSnapshots();
        // The pipeline's ICodeRunner is the sandbox of one run: `run` makes the pipeline with it (ActivatorUtilities).
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = false });
    }
}
