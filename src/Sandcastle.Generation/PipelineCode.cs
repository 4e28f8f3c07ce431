namespace Sandcastle.Generation;

/// <summary>The program extracted from the reply of attempt <paramref name="Attempt"/>, about to run.</summary>
public sealed record PipelineCode(int Attempt, string Code) : PipelineEvent;
