using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Sandcastle.Generation;
using Sandcastle.Generation.Models;
using Sandcastle.Sandbox.Files;
using Sandcastle.Sandbox.Network;
using Sandcastle.Server.Observability;
using Sandcastle.Server.Sandboxes;
using Sandcastle.Server.Tenancy;
using Sandcastle.Sessions;
using Sandcastle.Sessions.Execution;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Agents;

/// <summary>
/// Runs Claude Code headless in a sandbox's workspace for one request: installs the subagent or command it names,
/// issues the run's relay token, starts <c>claude -p</c> through the sandbox's network door (the relay's host name
/// added to the sandbox's allow-list for this run only) and translates its stream-json into <see cref="AgentEvent"/>s,
/// ending with one <c>result</c>. Over a limit, or when the client leaves, the whole process tree is killed.
/// </summary>
internal sealed class AgentRunner(
    SandboxDirectory sandboxes,
    SandboxFiles files,
    AgentRuns runs,
    RelayEndpoint relay,
    ExecutionJournal journal,
    IOptions<AgentOptions> options,
    IOptions<SessionsOptions> sessions,
    IOptions<GenerationOptions> generation,
    TimeProvider time)
{
    /// <summary>Checks the request; throws <see cref="SandboxRequestException"/> (a 4xx) before anything runs.</summary>
    public void Validate(AgentBody body)
    {
        // Else Claude Code would be started to meet the relay's 503 and retry it for minutes before giving up.
        if (string.IsNullOrWhiteSpace(generation.Value.ApiKey))
            throw new SandboxRequestException(SandboxErrorKind.Unavailable, "The server has no Anthropic API key, so no agent can run; " + ApiKeyHelp.WaysToSet);
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(body.Prompt) && string.IsNullOrWhiteSpace(body.Command))
            throw Bad("'prompt' is required (or a 'command' to run).");
        if (AgentLaunch.Utf8Length(body.Prompt) > o.MaxPromptChars || AgentLaunch.Utf8Length(body.AgentDefinition) > o.MaxPromptChars
            || AgentLaunch.Utf8Length(body.CommandDefinition) > o.MaxPromptChars)
            throw Bad($"'prompt' and component definitions may be at most {o.MaxPromptChars} bytes each.");
        if (body.Agent is not null && body.Command is not null)
            throw Bad("Give either 'agent' or 'command', not both.");
        foreach (var (field, name) in new[] { ("agent", body.Agent), ("command", body.Command) })
        {
            if (name is not null && !AgentLaunch.ComponentName().IsMatch(name))
                throw Bad($"'{field}' must be a component name (letters, digits, '-', '_', '.'); got '{name}'.");
        }
        if (body.AgentDefinition is not null && body.Agent is null || body.CommandDefinition is not null && body.Command is null)
            throw Bad("A definition needs the name it is installed under ('agent' or 'command').");
        if (body.MaxTurns is < 1 || body.MaxTurns > o.MaxTurns)
            throw Bad($"'maxTurns' must be from 1 to {o.MaxTurns}.");
        if (body.MaxTokens is < 1 || body.MaxTokens > o.MaxTokens)
            throw Bad($"'maxTokens' must be from 1 to {o.MaxTokens}.");
        if (body.TimeoutMs is { } ms && (ms < 1 || ms > Ceiling.TotalMilliseconds))
            throw Bad($"'timeoutMs' must be from 1 to {(long)Ceiling.TotalMilliseconds}.");
        if (body.Resume is { } resume && resume != "last" && !AgentLaunch.SessionId().IsMatch(resume))
            throw Bad("'resume' is \"last\" or a session id.");
        if (body.Model is { } model && (model.Length > 128 || model.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
            throw Bad("'model' is not a model name.");
        if (body.Model is { } asked && o.AllowedModels.Count > 0 && !o.AllowedModels.Contains(asked))
            throw Bad($"Model '{asked}' is not allowed for agent runs here (Agent:AllowedModels: {string.Join(", ", o.AllowedModels)}).");
    }

    private TimeSpan Ceiling => options.Value.MaxTimeout < sessions.Value.MaxExecTimeout ? options.Value.MaxTimeout : sessions.Value.MaxExecTimeout;

    public async IAsyncEnumerable<AgentEvent> RunAsync(string sandboxId, AgentBody body, HttpContext http, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var o = options.Value;
        var tenant = Tenant.From(http).Id;
        var grain = sandboxes.Get(SandboxAddress.Create(tenant, sandboxId));
        var view = await grain.GetAsync(); // 404 for a sandbox that does not exist
        relay.EnsureOpen();
        await InstallAsync(sandboxId, body, http);

        var timeout = body.TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : o.DefaultTimeout < Ceiling ? o.DefaultTimeout : Ceiling;
        var maxTurns = body.MaxTurns ?? o.MaxTurns;
        var run = new AgentRun(tenant, sandboxId, maxTurns, body.MaxTokens ?? o.MaxTokens, timeout, o.AllowedModels, time.GetUtcNow());
        runs.Add(run);
        try
        {
            var command = new ExecCommand
            {
                Command = AgentLaunch.CommandLine(o.ClaudePath, body.Prompt?.Trim() ?? "", body, maxTurns),
                Environment = AgentLaunch.Environment(run.Token),
                // A little beyond the run's own clock, so the relay's "timeout" is what ends it, with its reason.
                TimeoutMs = (long)Math.Min((timeout + TimeSpan.FromSeconds(5)).TotalMilliseconds, sessions.Value.MaxExecTimeout.TotalMilliseconds),
                NetworkAllow = [.. view.Metadata.NetworkAllow.Where(a => a != EgressProxy.ModelRelayHost), EgressProxy.ModelRelayHost],
            };
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, run.Stopped);
            var translator = new StreamJsonTranslator(o.ToolResultChars);
            var stderr = new StringBuilder();
            ExecOutcome? outcome = null;
            string? failure = null;
            yield return new AgentEvent("start") { RunId = run.Id };
            await using var events = grain.ExecAsync(command, stop.Token)
                .JournalAsync(journal, tenant, sandboxId, "claude -p (agent run " + run.Id + ")", stop.Token)
                .GetAsyncEnumerator(stop.Token);
            while (true)
            {
                ExecStreamEvent item;
                try
                {
                    if (!await events.MoveNextAsync())
                        break;
                    item = events.Current;
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                IEnumerable<AgentEvent> translated = [];
                switch (item)
                {
                    case ExecChunk { Stream: "stdout" } chunk:
                        translated = translator.Feed(chunk.Text);
                        break;
                    case ExecChunk chunk when stderr.Length < 4096:
                        stderr.Append(chunk.Text);
                        break;
                    case ExecFinished finished:
                        outcome = finished.Outcome;
                        break;
                    case ExecFailed failed:
                        outcome = failed.Outcome;
                        failure = failed.Message;
                        break;
                }
                foreach (var e in translated)
                    yield return e;
            }
            foreach (var e in translator.Flush())
                yield return e;
            cancellationToken.ThrowIfCancellationRequested();
            yield return Result(run, translator, outcome, failure, stderr.ToString());
        }
        finally
        {
            runs.End(run);
        }
    }

    private AgentEvent Result(AgentRun run, StreamJsonTranslator translator, ExecOutcome? outcome, string? failure, string stderr)
    {
        var claude = translator.ClaudeResult;
        var subtype = claude is { } c ? StreamJsonTranslator.String(c, "subtype") : null;
        var claudeError = claude is { } r && r.TryGetProperty("is_error", out var e) && e.ValueKind == JsonValueKind.True;
        var reason = run.StopReason
            ?? (subtype is "success" && !claudeError && outcome?.ExitCode == 0 ? "completed" : null)
            ?? (subtype is { } s && s.StartsWith("error_", StringComparison.Ordinal) ? s["error_".Length..] : null)
            ?? (outcome?.Reason is { } exitReason && exitReason != "exited" ? exitReason : "error");
        var text = claude is { } result ? StreamJsonTranslator.String(result, "result") : null;
        return new AgentEvent("result")
        {
            RunId = run.Id,
            SessionId = translator.SessionId,
            Success = reason == "completed",
            Reason = reason,
            Result = text,
            Turns = claude is { } t && t.TryGetProperty("num_turns", out var turns) && turns.ValueKind == JsonValueKind.Number ? turns.GetInt64() : run.Turns,
            InputTokens = run.InputTokens,
            OutputTokens = run.OutputTokens,
            CostUsd = claude is { } k && k.TryGetProperty("total_cost_usd", out var cost) && cost.ValueKind == JsonValueKind.Number ? cost.GetDouble() : null,
            DurationMs = Math.Round((time.GetUtcNow() - run.Started).TotalMilliseconds, 1),
            ExitCode = outcome?.ExitCode,
            Message = reason switch
            {
                "completed" => null,
                "max_turns" => $"Stopped: the run reached its limit of {run.MaxTurns} model requests.",
                "max_tokens" => $"Stopped: the run spent its {run.MaxTokens} tokens.",
                "timeout" => $"Stopped: the run reached its wall time ({(run.Deadline - run.Started).TotalSeconds:0} s).",
                _ => Tail(text ?? failure ?? stderr),
            },
        };
    }

    private static string? Tail(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Length > 2000 ? text[^2000..] : text.Trim();

    /// <summary>Writes the named subagent or command into the workspace's .claude/, or checks the workspace has it.</summary>
    private async Task InstallAsync(string sandboxId, AgentBody body, HttpContext http)
    {
        var (kind, name, definition) = body.Agent is not null ? ("agents", body.Agent, body.AgentDefinition)
            : body.Command is not null ? ("commands", body.Command, body.CommandDefinition) : (null, null, null);
        if (kind is null)
            return;
        var path = $".claude/{kind}/{name}.md";
        var fs = await files.OpenAsync(sandboxId, http);
        if (definition is not null)
        {
            await fs.WriteTextAsync(path, definition, createParents: true, cancellationToken: http.RequestAborted);
            return;
        }
        try
        {
            _ = await fs.ReadBytesAsync(path, http.RequestAborted);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or WorkspacePathException)
        {
            throw Bad($"Unknown {kind[..^1]} '{name}': the workspace has no {path}; send its definition ('{kind[..^1]}Definition') or write the file first.");
        }
    }

    private static SandboxRequestException Bad(string message) => new(SandboxErrorKind.BadRequest, message);
}
