using Microsoft.Extensions.Configuration;

namespace Sandcastle.Server.Configuration;

/// <summary>Loads the secrets file once, at startup. Its values are never part of <see cref="ToString"/>.</summary>
public sealed class SecretsConfigurationProvider(SecretStore store) : ConfigurationProvider
{
    public override void Load()
    {
        try
        {
            Data = ConfigurationKeys.FromVariables(store.ReadAll());
        }
        catch (InvalidDataException e)
        {
            // Reported, not thrown: a command that needs no secret must still run.
            Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            ConfigurationProblems.Add(Data, "secrets", [e.Message]);
        }
    }

    public override string ToString() => $"{GetType().Name} ({store.FilePath})";
}
