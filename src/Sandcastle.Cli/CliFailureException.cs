namespace Sandcastle.Cli;

/// <summary>A command failed for a reason the user can act on; the one-line message goes to stderr.</summary>
public sealed class CliFailureException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>The HTTP status a server answered with, when the failure is its answer.</summary>
    public int? HttpStatus { get; init; }
}
