using System.ComponentModel.DataAnnotations;

namespace Sandcastle.Server.Agents;

/// <summary>Agent runs (Claude Code inside a sandbox) and their model relay, bound from the "Agent" section.</summary>
public sealed class AgentOptions
{
    public const string SectionName = "Agent";

    /// <summary>The Claude Code executable as the sandbox sees it (setup installs it under /usr, read-only inside).</summary>
    [Required]
    public string ClaudePath { get; set; } = "/usr/local/lib/sandcastle/node_modules/.bin/claude";

    /// <summary>Models a run may ask the relay for; empty allows any. A request for another model is refused, never rewritten.</summary>
    public List<string> AllowedModels { get; set; } = [];

    /// <summary>Model requests (turns) a run may make when it does not ask for fewer.</summary>
    [Range(1, 1000)]
    public int MaxTurns { get; set; } = 50;

    /// <summary>Input plus output tokens a run may spend, counted from the usage the API reports.</summary>
    [Range(1, long.MaxValue)]
    public long MaxTokens { get; set; } = 2_000_000;

    /// <summary>Wall time of a run when the request does not set one.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest wall time a request may ask for.</summary>
    public TimeSpan MaxTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Characters of a tool result kept in the <c>tool_result</c> event; the rest is cut (Claude Code has it all).</summary>
    [Range(64, 1_000_000)]
    public int ToolResultChars { get; set; } = 2000;

    /// <summary>Largest prompt or component text, in characters.</summary>
    [Range(1, 10_000_000)]
    public int MaxPromptChars { get; set; } = 100_000;
}
