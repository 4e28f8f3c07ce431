using Sandcastle.Sandbox;

namespace Sandcastle.Generation;

/// <summary>Text the running program wrote.</summary>
public sealed record PipelineOutput(int Attempt, OutputStream Stream, string Text) : PipelineEvent;
