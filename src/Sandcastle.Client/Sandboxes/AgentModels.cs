using System.Text.Json;

namespace Sandcastle.Client.Sandboxes;

/// <summary>
/// An agent run: Claude Code at work in the sandbox on <see cref="Prompt"/>. <see cref="Agent"/>/<see cref="Command"/>
/// name a subagent or slash command; with its markdown in <see cref="AgentDefinition"/>/<see cref="CommandDefinition"/>
/// it is installed in the workspace first, without it the workspace's own <c>.claude/</c> file is used.
/// </summary>
/// <param name="Prompt">The task (a slash command's arguments when <see cref="Command"/> is given).</param>
public sealed record AgentRunRequest(string Prompt)
{
    public string? Agent { get; init; }
    public string? AgentDefinition { get; init; }
    public string? Command { get; init; }
    public string? CommandDefinition { get; init; }

    /// <summary>Claude Code's model; null: its own default.</summary>
    public string? Model { get; init; }

    /// <summary>Model requests the run may make; null: the server's Agent:MaxTurns.</summary>
    public int? MaxTurns { get; init; }

    /// <summary>Input plus output tokens the run may use; null: no limit of its own.</summary>
    public long? MaxTokens { get; init; }

    /// <summary>Wall time of the run; null: the server's Agent:DefaultTimeout.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>"last" continues the sandbox's latest conversation; a session id continues that one.</summary>
    public string? Resume { get; init; }

    internal object ToBody() => new
    {
        Prompt, Agent, AgentDefinition, Command, CommandDefinition, Model, MaxTurns, MaxTokens,
        TimeoutMs = Timeout is { } t ? (long?)t.TotalMilliseconds : null,
        Resume,
    };
}

/// <summary>
/// One event of an agent run, as the server sends it. <see cref="Type"/> says which members it carries:
/// <c>start</c> (<see cref="RunId"/>), <c>init</c> (<see cref="SessionId"/>, <see cref="Model"/>, <see cref="Cwd"/>,
/// <see cref="Agents"/>), <c>text</c> (<see cref="Text"/>, a piece of the assistant's text as it streams),
/// <c>tool_use</c> (<see cref="Tool"/>, <see cref="ToolUseId"/>, <see cref="Input"/>, <see cref="Target"/>),
/// <c>tool_result</c> (<see cref="ToolUseId"/>, <see cref="Content"/>, <see cref="Truncated"/>, <see cref="IsError"/>),
/// then <c>result</c> (<see cref="Success"/>, <see cref="Reason"/>, <see cref="Result"/>, turns, tokens, cost,
/// duration, session) or <c>error</c> (<see cref="Error"/>, <see cref="Message"/>: the server stopped answering).
/// One record rather than a type per event: it is what the server sends, so it can be written back out as it came.
/// </summary>
public sealed record AgentEvent(string Type)
{
    public string? RunId { get; init; }
    public string? SessionId { get; init; }
    public string? Model { get; init; }
    public string? Cwd { get; init; }
    public IReadOnlyList<string>? Agents { get; init; }
    public string? Text { get; init; }
    public string? Tool { get; init; }
    public string? ToolUseId { get; init; }
    public JsonElement? Input { get; init; }

    /// <summary>What a tool call is about (its file, command, pattern or URL), for one-line display.</summary>
    public string? Target { get; init; }

    /// <summary>A tool result's text, cut to the server's Agent:ToolResultChars.</summary>
    public string? Content { get; init; }
    public bool? Truncated { get; init; }
    public bool? IsError { get; init; }
    public bool? Success { get; init; }

    /// <summary>How the run ended: completed, error, max_turns, max_tokens, timeout, cancelled, killed.</summary>
    public string? Reason { get; init; }

    /// <summary>Claude Code's final answer.</summary>
    public string? Result { get; init; }
    public long? Turns { get; init; }
    public long? InputTokens { get; init; }
    public long? OutputTokens { get; init; }
    public double? CostUsd { get; init; }
    public double? DurationMs { get; init; }
    public int? ExitCode { get; init; }
    public string? Error { get; init; }
    public string? Message { get; init; }

    /// <summary>The run's events, on the result of <see cref="Sandbox.RunAgentAsync"/> only.</summary>
    public IReadOnlyList<AgentEvent>? Events { get; init; }
}
