using System.Security.Cryptography;

namespace Sandcastle.Server.Agents;

/// <summary>
/// One agent run as the relay knows it: its token (random, bound to this run, tenant and sandbox), its limits, and
/// what it has spent. The relay updates the counters; the run's stream reads them for its result.
/// </summary>
public sealed class AgentRun
{
    private long _turns;
    private long _inputTokens;
    private long _outputTokens;
    private string? _stopReason;
    private readonly CancellationTokenSource _stopped = new();

    public AgentRun(string tenantId, string sandboxId, int maxTurns, long maxTokens, TimeSpan timeout, IReadOnlyList<string> allowedModels, DateTimeOffset started)
    {
        TenantId = tenantId;
        SandboxId = sandboxId;
        MaxTurns = maxTurns;
        MaxTokens = maxTokens;
        AllowedModels = allowedModels;
        Started = started;
        Deadline = started + timeout;
        _stopped.CancelAfter(timeout);
        _stopped.Token.Register(() => Interlocked.CompareExchange(ref _stopReason, "timeout", null));
    }

    public string Id { get; } = "run_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>What Claude Code inside sends instead of a key: worthless outside the relay and after the run.</summary>
    public string Token { get; } = "sc-run-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public string TenantId { get; }
    public string SandboxId { get; }
    public int MaxTurns { get; }
    public long MaxTokens { get; }
    public IReadOnlyList<string> AllowedModels { get; }
    public DateTimeOffset Started { get; }
    public DateTimeOffset Deadline { get; }

    public long Turns => Interlocked.Read(ref _turns);
    public long InputTokens => Interlocked.Read(ref _inputTokens);
    public long OutputTokens => Interlocked.Read(ref _outputTokens);
    public long Tokens => InputTokens + OutputTokens;

    /// <summary>Why the server stopped the run (max_turns, max_tokens, timeout), or null while it may go on.</summary>
    public string? StopReason => Volatile.Read(ref _stopReason);

    /// <summary>Cancelled when the run is over its limits: the run's process tree is killed.</summary>
    public CancellationToken Stopped => _stopped.Token;

    /// <summary>Counts one model request; false (and the run stops) when it is one too many.</summary>
    public bool TryTakeTurn()
    {
        if (StopReason is not null)
            return false;
        if (Tokens >= MaxTokens)
            return Stop("max_tokens");
        return Interlocked.Increment(ref _turns) <= MaxTurns || Stop("max_turns");
    }

    public void AddUsage(long input, long output)
    {
        Interlocked.Add(ref _inputTokens, input);
        Interlocked.Add(ref _outputTokens, output);
    }

    public bool AllowsModel(string? model) =>
        AllowedModels.Count == 0 || (model is not null && AllowedModels.Contains(model, StringComparer.Ordinal));

    private bool Stop(string reason)
    {
        Interlocked.CompareExchange(ref _stopReason, reason, null);
        try
        {
            _stopped.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
        return false;
    }
}
