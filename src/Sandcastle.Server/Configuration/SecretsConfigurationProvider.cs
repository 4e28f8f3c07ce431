using Microsoft.Extensions.Configuration;

namespace Sandcastle.Server.Configuration;

/// <summary>Loads the secrets file once, at startup. Its values are never part of <see cref="ToString"/>.</summary>
public sealed class SecretsConfigurationProvider(SecretStore store) : ConfigurationProvider
{
    public override void Load() => Data = ConfigurationKeys.FromVariables(store.ReadAll());

    public override string ToString() => $"{GetType().Name} ({store.FilePath})";
}
