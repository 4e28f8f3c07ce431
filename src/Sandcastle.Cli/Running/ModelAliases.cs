namespace Sandcastle.Cli.Running;

/// <summary>The model names Claude Code agents use, as API model ids.</summary>
public static class ModelAliases
{
    /// <summary>The id for sonnet, haiku or opus; null for inherit or nothing; any other text is taken as a full id.</summary>
    public static string? Resolve(string? model) => model?.Trim().ToLowerInvariant() switch
    {
        null or "" or "inherit" or "default" => null,
        "sonnet" => "claude-sonnet-4-5",
        "haiku" => "claude-haiku-4-5",
        "opus" => "claude-opus-4-5",
        _ => model.Trim(),
    };
}
