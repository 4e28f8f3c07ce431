using System.ComponentModel.DataAnnotations;

namespace Sandcastle.Server.Tenancy;

/// <summary>Who may call the sandbox API and how much each caller may run, bound from the "Tenancy" section.</summary>
public sealed class TenancyOptions
{
    public const string SectionName = "Tenancy";

    /// <summary>The environment variable (or top-level configuration key) with comma-separated API keys.</summary>
    public const string ApiKeysVariable = "SANDCASTLE_API_KEYS";

    /// <summary>Comma-separated API keys, each a tenant; added to <see cref="ApiKeysVariable"/>. None: loopback-only dev server.</summary>
    public string? ApiKeys { get; set; }

    /// <summary>Executions one tenant may run at once across its sandboxes; past it, 429.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrentExecutions { get; set; } = 16;
}
