namespace Sandcastle.Sandbox;

/// <summary>A limit is out of its usable range (<see cref="SandboxLimitRanges"/>); the message gives the range.</summary>
public sealed class InvalidSandboxLimitsException(string message) : ArgumentException(message);
