using Sandcastle.Sandbox;

namespace Sandcastle.Generation;

/// <summary>A question to answer by generating a program and running it.</summary>
/// <param name="Question">The user's question in natural language.</param>
/// <param name="Language">The language the program is written in.</param>
public sealed record ExecutionRequest(string Question, SandboxLanguage Language)
{
    /// <summary>Reply token limit; null takes <see cref="GenerationOptions.MaxTokens"/>.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Run time limit of each program; null takes <see cref="GenerationOptions.Timeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Generate-and-run attempts, the first included; null takes <see cref="GenerationOptions.MaxAttempts"/>.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>Model id; null takes <see cref="GenerationOptions.Model"/>.</summary>
    public string? Model { get; init; }

    /// <summary>Instructions of an agent, placed in the system prompt's role section.</summary>
    public string? Role { get; init; }
}
