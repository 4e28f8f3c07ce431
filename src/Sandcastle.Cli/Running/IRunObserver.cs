using Sandcastle.Server.Execute;

namespace Sandcastle.Cli.Running;

/// <summary>Receives a run's progress as it happens, whether it runs embedded or on a server.</summary>
public interface IRunObserver
{
    void Started(string model, string sandboxId, int maxAttempts);

    void CodeDelta(int attempt, string text);

    void Code(int attempt, string code);

    void Output(int attempt, bool isError, string text);

    void AttemptEnded(ExecuteAttempt attempt, int maxAttempts);
}
