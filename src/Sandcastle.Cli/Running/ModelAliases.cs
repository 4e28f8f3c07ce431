using Sandcastle.Generation.Models;

namespace Sandcastle.Cli.Running;

/// <summary>The model names Claude Code agents use, as API model ids.</summary>
public static class ModelAliases
{
    /// <summary>The newest id for sonnet, haiku or opus (from the SDK); null for inherit or nothing; any other text is taken as a full id.</summary>
    public static string? Resolve(string? model) => model?.Trim().ToLowerInvariant() switch
    {
        null or "" or "inherit" or "default" => null,
        { } alias when ClaudeModels.ForAlias(alias) is { } id => id,
        _ => model.Trim(),
    };
}
