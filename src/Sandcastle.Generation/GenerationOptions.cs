using System.ComponentModel.DataAnnotations;
using Sandcastle.Generation.Models;

namespace Sandcastle.Generation;

/// <summary>
/// Configuration of code generation, bound from the "Generation" section
/// (<c>Generation:ApiKey</c>, <c>Generation:Model</c>, ...; environment: <c>Generation__Model</c>).
/// <see cref="ApiKey"/> falls back to <c>ANTHROPIC_API_KEY</c> and <see cref="BaseUrl"/> to
/// <c>ANTHROPIC_BASE_URL</c>, read from configuration and then from the environment.
/// </summary>
public sealed class GenerationOptions
{
    public const string SectionName = "Generation";

    /// <summary>Anthropic API key. Not required at startup: a call without one throws <c>ModelNotConfiguredException</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>API root without <c>/v1</c>; null means https://api.anthropic.com.</summary>
    [Url]
    public string? BaseUrl { get; set; }

    /// <summary>Model used when a request does not name one.</summary>
    [Required]
    public string Model { get; set; } = ClaudeModels.Sonnet;

    /// <summary>Reply token limit when a request does not set one.</summary>
    [Range(1, 128_000)]
    public int MaxTokens { get; set; } = 2048;

    /// <summary>Generate-and-run attempts (the first plus self-corrections) when a request does not set it.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 2;

    /// <summary>Run time limit of one program when a request does not set one.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra tries of one model call after 429, 529, 5xx or a network failure, before any text arrived.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Wait before the first retry; doubled for each further one.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between two retries.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(16);

    /// <summary>Limit of one HTTP request to the model API, whole stream included.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based).</summary>
    public TimeSpan RetryDelay(int retry)
    {
        var factor = Math.Pow(2, Math.Clamp(retry - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(RetryBaseDelay.Ticks * factor, RetryMaxDelay.Ticks));
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }
}
