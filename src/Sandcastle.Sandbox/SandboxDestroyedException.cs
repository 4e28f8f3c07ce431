namespace Sandcastle.Sandbox;

/// <summary>
/// The sandbox is being (or has been) destroyed: it starts nothing more, so no program can run while its files are
/// deleted.
/// </summary>
public sealed class SandboxDestroyedException(string id)
    : InvalidOperationException($"Sandbox '{id}' is being destroyed; it starts no more processes.")
{
    public string SandboxId { get; } = id;
}
