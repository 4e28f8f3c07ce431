namespace Sandcastle.Generation.Models;

/// <summary>The one place that tells users how to give Sandcastle a key.</summary>
public static class ApiKeyHelp
{
    public const string WaysToSet =
        "Set one with the ANTHROPIC_API_KEY environment variable, an ANTHROPIC_API_KEY=... line in a .env file "
        + "in the working directory, `sandcastle secret set ANTHROPIC_API_KEY`, or the --anthropic-api-key option.";

    /// <summary>Removes the key from text that came back from elsewhere (error bodies echo requests sometimes).</summary>
    public static string Redact(string text, string? apiKey) =>
        string.IsNullOrEmpty(apiKey) || apiKey.Length < 4 ? text : text.Replace(apiKey, "[redacted]", StringComparison.Ordinal);
}
