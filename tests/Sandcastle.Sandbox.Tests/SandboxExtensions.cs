namespace Sandcastle.Sandbox.Tests;

internal static class SandboxExtensions
{
    public static Task<CollectedExec> Bash(this Sandbox sandbox, string command, SandboxLimits? limits = null) =>
        sandbox.RunAsync(ExecRequest.ForCommand(command) with { Limits = limits }, TestContext.Current.CancellationToken);

    public static Task<CollectedExec> Python(this Sandbox sandbox, string code, SandboxLimits? limits = null) =>
        sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.Python, code) with { Limits = limits }, TestContext.Current.CancellationToken);
}
