namespace Sandcastle.Server.Observability;

/// <summary>What started an execution, as <c>kind</c> in /v1/stats and in metric tags.</summary>
public static class ExecutionKinds
{
    /// <summary>POST /execute: a question, generated code, its runs.</summary>
    public const string Execute = "execute";

    /// <summary>POST /v1/sandboxes/{id}/exec: one command.</summary>
    public const string Exec = "exec";

    /// <summary>A background process of /v1/sandboxes/{id}/processes.</summary>
    public const string Process = "process";
}
