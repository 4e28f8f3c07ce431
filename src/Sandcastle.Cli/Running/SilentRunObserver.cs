using Sandcastle.Server.Execute;

namespace Sandcastle.Cli.Running;

/// <summary>Shows nothing while running: --json prints only the result.</summary>
public sealed class SilentRunObserver : IRunObserver
{
    public void Started(string model, string sandboxId, int maxAttempts)
    {
    }

    public void CodeDelta(int attempt, string text)
    {
    }

    public void Code(int attempt, string code)
    {
    }

    public void Output(int attempt, bool isError, string text)
    {
    }

    public void AttemptEnded(ExecuteAttempt attempt, int maxAttempts)
    {
    }
}
