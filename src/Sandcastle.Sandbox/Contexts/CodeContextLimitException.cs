namespace Sandcastle.Sandbox.Contexts;

/// <summary>A sandbox already has as many code contexts as it may.</summary>
public sealed class CodeContextLimitException(string sandboxId, int limit)
    : InvalidOperationException($"Sandbox '{sandboxId}' already has {limit} code contexts; delete one first.")
{
    public int Limit { get; } = limit;
}
