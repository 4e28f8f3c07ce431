namespace Sandcastle.Cli.Remote;

/// <summary>Reads a server URL from an option or SANDCASTLE_SERVER.</summary>
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
}
