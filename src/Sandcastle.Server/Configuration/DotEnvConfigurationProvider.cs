using Microsoft.Extensions.Configuration;

namespace Sandcastle.Server.Configuration;

/// <summary>Loads a <see cref="DotEnvConfigurationSource"/> once, at startup.</summary>
public sealed class DotEnvConfigurationProvider(string path) : ConfigurationProvider
{
    public override void Load()
    {
        Data = ConfigurationKeys.FromVariables(DotEnvFile.Load(path));
        ConfigurationProblems.Add(Data, "dotenv", DotEnvFile.Problems(path));
    }

    public override string ToString() => $"{GetType().Name} ({path})";
}
