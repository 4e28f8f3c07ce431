using System.ComponentModel.DataAnnotations;

namespace Sandcastle.Server.Execute;

/// <summary>Bounds on what one POST /execute may ask for, bound from the "Execute" section.</summary>
public sealed class ExecuteOptions
{
    public const string SectionName = "Execute";

    /// <summary>Largest accepted <c>maxTokens</c>.</summary>
    [Range(1, 1_000_000)]
    public int MaxTokensLimit { get; set; } = 32_000;

    /// <summary>Largest accepted <c>timeout</c>, in milliseconds.</summary>
    [Range(1, int.MaxValue)]
    public int MaxTimeoutMs { get; set; } = 300_000;

    /// <summary>Largest accepted <c>maxAttempts</c>.</summary>
    [Range(1, 10)]
    public int MaxAttemptsLimit { get; set; } = 5;

    /// <summary>Largest accepted <c>role</c>, in characters: it is sent with every model call of the request.</summary>
    [Range(1, 1_000_000)]
    public int MaxRoleLength { get; set; } = 32_000;
}
