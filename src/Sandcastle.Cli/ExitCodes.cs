namespace Sandcastle.Cli;

/// <summary>
/// Exit codes of the sandcastle command. <c>exec</c> passes the program's own code through, so its own
/// failures use codes programs rarely use (as <c>docker run</c> does with 125).
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The request ran and failed (the program failed, or no attempt produced working code).</summary>
    public const int Failure = 1;

    /// <summary>Bad command line or input.</summary>
    public const int Usage = 2;

    /// <summary>Configuration is missing (no API key).</summary>
    public const int NotConfigured = 3;

    /// <summary>The model API refused or failed.</summary>
    public const int ModelError = 4;

    /// <summary>The server could not be reached or answered with an error.</summary>
    public const int ServerUnreachable = 5;

    /// <summary>The server could not listen: the address is in use or cannot be bound here.</summary>
    public const int CannotListen = 6;

    /// <summary>Another program holds the data root (a running server); go through it with --server.</summary>
    public const int DataRootBusy = 7;

    /// <summary>The program printed past its output limit and was stopped (not a memory kill).</summary>
    public const int OutputLimit = 122;

    /// <summary>The program filled the workspace past its quota and was stopped.</summary>
    public const int DiskQuota = 123;

    /// <summary>The program ran past its time limit (as GNU timeout reports it).</summary>
    public const int Timeout = 124;

    /// <summary>The sandbox could not be started (tools missing, kernel refused).</summary>
    public const int SandboxUnavailable = 125;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Cancelled = 130;

    /// <summary>Killed by SIGKILL: the memory limit.</summary>
    public const int OutOfMemory = 137;
}
