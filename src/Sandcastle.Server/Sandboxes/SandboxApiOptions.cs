using System.ComponentModel.DataAnnotations;

namespace Sandcastle.Server.Sandboxes;

/// <summary>HTTP-level limits of the sandbox API, bound from the "SandboxApi" section.</summary>
public sealed class SandboxApiOptions
{
    public const string SectionName = "SandboxApi";

    /// <summary>Largest file accepted by an upload, and largest file read as JSON (raw reads stream any size); past it, 413.</summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;
}
