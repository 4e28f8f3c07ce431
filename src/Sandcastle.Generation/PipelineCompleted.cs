namespace Sandcastle.Generation;

/// <summary>The last event: the final result.</summary>
public sealed record PipelineCompleted(ExecutionResult Result) : PipelineEvent;
