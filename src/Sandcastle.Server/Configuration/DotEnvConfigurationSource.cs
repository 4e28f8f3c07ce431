using Microsoft.Extensions.Configuration;

namespace Sandcastle.Server.Configuration;

/// <summary>A <c>.env</c> file as configuration; <c>__</c> in a name separates sections, as in environment variables.</summary>
public sealed class DotEnvConfigurationSource(string path) : IConfigurationSource
{
    public string Path { get; } = path;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new DotEnvConfigurationProvider(Path);
}
