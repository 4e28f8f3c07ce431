namespace Sandcastle.Sandbox.Isolation;

/// <summary>The full argument vector that starts one isolated process tree, and the snippet file it runs, if any.</summary>
internal sealed record LaunchPlan(IReadOnlyList<string> Arguments);
