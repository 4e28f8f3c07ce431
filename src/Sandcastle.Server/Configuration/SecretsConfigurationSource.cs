using Microsoft.Extensions.Configuration;

namespace Sandcastle.Server.Configuration;

/// <summary>The <see cref="SecretStore"/> file as configuration (secret names are configuration keys).</summary>
public sealed class SecretsConfigurationSource(SecretStore store) : IConfigurationSource
{
    public SecretStore Store { get; } = store;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new SecretsConfigurationProvider(Store);
}
