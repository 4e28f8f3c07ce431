using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;

namespace Sandcastle.Server.Configuration;

public static class SandcastleConfigurationExtensions
{
    private static readonly KeyValuePair<string, string?>[] QuietFrameworkLogs =
    [
        new("Logging:LogLevel:Default", "Information"),
        new("Logging:LogLevel:Microsoft.AspNetCore", "Warning"),
        new("Logging:LogLevel:Orleans", "Warning"),
        new("Logging:LogLevel:Polly", "Warning"),
    ];

    /// <summary>
    /// Adds the secrets file and the working directory's <c>.env</c> so that, highest first, an explicit value
    /// (command line, environment variable) beats <c>.env</c>, which beats the secrets file, which beats
    /// <c>appsettings.json</c>. Both are inserted just below the first unprefixed environment-variable source when
    /// there is one (every ASP.NET Core or generic host builder adds it after appsettings.json), else appended.
    /// </summary>
    /// <param name="builder">The configuration to extend.</param>
    /// <param name="workingDirectory">Where to look for <c>.env</c>.</param>
    /// <param name="secretsFile">The secrets file; null uses <see cref="SecretStore.DefaultPath"/>.</param>
    public static IConfigurationBuilder AddSandcastleConfiguration(
        this IConfigurationBuilder builder, string workingDirectory, string? secretsFile = null)
    {
        var store = new SecretStore(secretsFile ?? SecretStore.DefaultPath(Environment.GetEnvironmentVariable));
        IConfigurationSource[] sources =
        [
            new SecretsConfigurationSource(store),
            new DotEnvConfigurationSource(Path.Combine(Path.GetFullPath(workingDirectory), ".env")),
        ];
        var environment = builder.Sources.ToList().FindIndex(s => s is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        var at = environment < 0 ? builder.Sources.Count : environment;
        for (var i = 0; i < sources.Length; i++)
            builder.Sources.Insert(at + i, sources[i]);
        // Lowest precedence: quiet framework logs (a line per request, Orleans' configuration dump) unless asked for.
        builder.Sources.Insert(0, new MemoryConfigurationSource { InitialData = QuietFrameworkLogs });
        return builder;
    }
}
