namespace Sandcastle.Sandbox;

/// <summary>An execution request that cannot run as given (no code, both code and command, a bad working directory...).</summary>
public sealed class InvalidExecRequestException(string message) : ArgumentException(message);
