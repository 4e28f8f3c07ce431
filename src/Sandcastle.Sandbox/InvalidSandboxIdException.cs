namespace Sandcastle.Sandbox;

public sealed class InvalidSandboxIdException(string? id)
    : ArgumentException($"Invalid sandbox id '{id}': use 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit.")
{
    public string? SandboxId { get; } = id;
}
