using System.ComponentModel.DataAnnotations;

namespace Sandcastle.Server.Sandboxes;

/// <summary>HTTP-level limits of the sandbox API, bound from the "SandboxApi" section.</summary>
public sealed class SandboxApiOptions
{
    public const string SectionName = "SandboxApi";

    /// <summary>Largest file accepted by an upload; past it, 413. Raw reads stream any size.</summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>
    /// Largest file read as JSON (<c>?format=json</c>), which the server must hold whole (and base64 grows); past it,
    /// 413 pointing to the raw read, which streams.
    /// </summary>
    [Range(1, 512L * 1024 * 1024)]
    public long MaxJsonFileBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>JSON file reads one tenant may have in progress at once; past it, 429.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentJsonReads { get; set; } = 4;
}
