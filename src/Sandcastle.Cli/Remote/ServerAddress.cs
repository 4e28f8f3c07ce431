using System.CommandLine;
using Sandcastle.Client;

namespace Sandcastle.Cli.Remote;

/// <summary>Reads a server URL from an option or SANDCASTLE_SERVER, and its API key from --api-key or SANDCASTLE_API_KEY.</summary>
public static class ServerAddress
{
    public const string Variable = "SANDCASTLE_SERVER";

    /// <summary>The server's base URI (ending in '/'), or null when none is given.</summary>
    public static Uri? From(string? option)
    {
        var text = string.IsNullOrWhiteSpace(option) ? Environment.GetEnvironmentVariable(Variable) : option;
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (!Uri.TryCreate(text.Trim().TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new UsageException($"'{text}' is not a server URL: give one like http://127.0.0.1:8787.");
        return uri;
    }

    /// <summary>--api-key: the key of a server started with SANDCASTLE_API_KEYS.</summary>
    public static Option<string?> ApiKeyOption() => new("--api-key")
    {
        Description = $"The key of a server with API keys, sent as a bearer token (default: ${SandcastleClient.ApiKeyVariable}).",
        HelpName = "KEY",
    };

    /// <summary>The option's key, else SANDCASTLE_API_KEY, else none.</summary>
    public static string? ApiKey(string? option) =>
        !string.IsNullOrWhiteSpace(option) ? option.Trim()
        : Environment.GetEnvironmentVariable(SandcastleClient.ApiKeyVariable) is { Length: > 0 } variable ? variable.Trim()
        : null;
}
