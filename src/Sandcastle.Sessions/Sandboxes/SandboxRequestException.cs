namespace Sandcastle.Sessions.Sandboxes;

/// <summary>A request a sandbox grain refused; crosses the grain boundary intact so callers can answer precisely.</summary>
[GenerateSerializer, Alias("Sandcastle.SandboxRequestException")]
public sealed class SandboxRequestException(SandboxErrorKind kind, string message) : Exception(message)
{
    [Id(0)]
    public SandboxErrorKind Kind { get; } = kind;

    public static SandboxRequestException NotFound(string id) => new(SandboxErrorKind.NotFound, $"Sandbox '{id}' does not exist.");
}
