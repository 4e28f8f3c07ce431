using Microsoft.Extensions.Configuration;
using Sandcastle.Server.Configuration;

namespace Sandcastle.Server.Tests.Configuration;

public sealed class SandcastleConfigurationTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("sandcastle-config-");

    private string SecretsFile => Path.Combine(_directory.FullName, "secrets.json");

    [Fact]
    public void DotEnv_BeatsSecretsFile_WhichBeatsAppSettings()
    {
        new SecretStore(SecretsFile).Set("FROM_SECRETS", "secret");
        new SecretStore(SecretsFile).Set("SHARED", "secret");
        File.WriteAllText(Path.Combine(_directory.FullName, ".env"), "SHARED=dotenv\nFROM_DOTENV=dotenv\nGeneration__Model=from-dotenv\n");

        var configuration = Build(new()
        {
            ["SHARED"] = "appsettings",
            ["FROM_SECRETS"] = "appsettings",
            ["ONLY_APPSETTINGS"] = "appsettings",
        });

        Assert.Equal("dotenv", configuration["SHARED"]);
        Assert.Equal("secret", configuration["FROM_SECRETS"]);
        Assert.Equal("dotenv", configuration["FROM_DOTENV"]);
        Assert.Equal("appsettings", configuration["ONLY_APPSETTINGS"]);
        Assert.Equal("from-dotenv", configuration["Generation:Model"]);
    }

    [Fact]
    public void EnvironmentVariable_BeatsDotEnvAndSecretsFile()
    {
        // A name of its own: tests run in parallel and share the process environment.
        var name = $"SANDCASTLE_TEST_{Guid.NewGuid():N}";
        new SecretStore(SecretsFile).Set(name, "secret");
        File.WriteAllText(Path.Combine(_directory.FullName, ".env"), $"{name}=dotenv\n");
        Environment.SetEnvironmentVariable(name, "environment");
        try
        {
            Assert.Equal("environment", Build([])[name]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void MissingFiles_AddNothing()
    {
        var configuration = Build(new() { ["ANTHROPIC_API_KEY"] = "from-appsettings" });
        Assert.Equal("from-appsettings", configuration["ANTHROPIC_API_KEY"]);
    }

    private IConfigurationRoot Build(Dictionary<string, string?> appSettings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(appSettings)
            .AddEnvironmentVariables()
            .AddSandcastleConfiguration(_directory.FullName, SecretsFile)
            .Build();

    public void Dispose() => _directory.Delete(recursive: true);
}
