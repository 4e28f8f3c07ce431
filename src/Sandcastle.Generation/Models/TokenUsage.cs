namespace Sandcastle.Generation.Models;

/// <summary>Tokens read and written by one or more model calls.</summary>
public sealed record TokenUsage(long InputTokens, long OutputTokens)
{
    public static TokenUsage Zero { get; } = new(0, 0);

    public static TokenUsage operator +(TokenUsage left, TokenUsage right) =>
        new(left.InputTokens + right.InputTokens, left.OutputTokens + right.OutputTokens);

    public static TokenUsage Add(TokenUsage left, TokenUsage right) => left + right;
}
