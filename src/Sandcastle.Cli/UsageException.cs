namespace Sandcastle.Cli;

/// <summary>The command line or its input is wrong; the message says how. Exits <see cref="ExitCodes.Usage"/>.</summary>
public sealed class UsageException(string message) : Exception(message);
