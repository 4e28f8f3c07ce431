using Sandcastle.Sandbox;

namespace Sandcastle.Generation;

/// <summary>The request was accepted; the model is being asked.</summary>
public sealed record PipelineStarted(string Question, SandboxLanguage Language, string Model, int MaxAttempts) : PipelineEvent;
