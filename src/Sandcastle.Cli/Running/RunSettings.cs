using Sandcastle.Sandbox;

namespace Sandcastle.Cli.Running;

/// <summary>What <c>sandcastle run</c> was asked to do, from its options.</summary>
public sealed record RunSettings
{
    public required string Prompt { get; init; }

    public SandboxLanguage Language { get; init; } = SandboxLanguage.Python;

    public string? ApiKey { get; init; }

    public string? BaseUrl { get; init; }

    public string? Model { get; init; }

    public IReadOnlyList<string> Agents { get; init; } = [];

    public IReadOnlyList<string> Commands { get; init; } = [];

    public string? SandboxId { get; init; }

    /// <summary>A running <c>sandcastle serve</c>; null runs embedded.</summary>
    public Uri? Server { get; init; }

    public required string OutputDirectory { get; init; }

    public int? MaxAttempts { get; init; }

    public TimeSpan? Timeout { get; init; }

    public string? Catalog { get; init; }

    /// <summary>The key for a server with API keys (<c>--api-key</c>, <c>SANDCASTLE_API_KEY</c>).</summary>
    public string? ServerApiKey { get; init; }

    /// <summary>Local files put at the top of the sandbox's workspace before the run (<c>--file</c>).</summary>
    public IReadOnlyList<Inputs.InputFile> Files { get; init; } = [];

    /// <summary>--allow-net entries: where the programs may connect (empty: the default, no network).</summary>
    public IReadOnlyList<string> AllowNet { get; init; } = [];
}
