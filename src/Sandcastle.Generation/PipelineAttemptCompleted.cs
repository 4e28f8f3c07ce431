namespace Sandcastle.Generation;

/// <summary>An attempt ended; when it failed and attempts remain, the next one starts.</summary>
public sealed record PipelineAttemptCompleted(ExecutionAttempt Attempt) : PipelineEvent;
