namespace Sandcastle.Sandbox;

/// <summary>The isolation tools are missing or the kernel refuses the namespaces.</summary>
public sealed class SandboxUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
