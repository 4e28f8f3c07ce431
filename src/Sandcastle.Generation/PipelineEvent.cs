namespace Sandcastle.Generation;

/// <summary>
/// One step of <see cref="CodeExecutionPipeline.RunAsync"/>: <see cref="PipelineStarted"/>, then per attempt
/// <see cref="PipelineCodeDelta"/>s, <see cref="PipelineCode"/>, <see cref="PipelineOutput"/>s and
/// <see cref="PipelineAttemptCompleted"/>, and last <see cref="PipelineCompleted"/>.
/// </summary>
public abstract record PipelineEvent;
