namespace Sandcastle.Generation;

/// <summary>The next piece of the model's reply (prose and fences included) in attempt <paramref name="Attempt"/>.</summary>
public sealed record PipelineCodeDelta(int Attempt, string Text) : PipelineEvent;
