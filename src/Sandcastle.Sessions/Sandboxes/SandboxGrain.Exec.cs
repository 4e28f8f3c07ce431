using System.Runtime.CompilerServices;
using Sandcastle.Sandbox;
using Sandcastle.Sessions.Execution;
using Sandcastle.Sessions.Shells;

namespace Sandcastle.Sessions.Sandboxes;

public sealed partial class SandboxGrain
{
    public async IAsyncEnumerable<ExecStreamEvent> ExecAsync(ExecCommand command, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var metadata = RequireSandbox();
        Touch();
        MarkChanged();
        var limits = _sandbox!.Limits;
        if (command.TimeoutMs is { } timeoutMs)
            limits = limits with { Timeout = TimeSpan.FromMilliseconds(CheckTimeout(timeoutMs)) };
        var session = command.SessionId is null ? null : RequireShell(command.SessionId);
        var script = session is null ? null : SessionScript(session, command);
        var environment = session is null ? command.Environment : Overlay(session.Exported, command.Environment);
        var program = (script is null ? Program(command) : new ExecRequest { Command = script.Text }) with
        {
            Network = command.NetworkAllow is { } allow ? NetworkSettings.Check(allow, networkOptions.Value) : null,
        };
        var process = Start(metadata, program, environment, command.WorkingDirectory, limits, command.Stdin);
        var trailer = script is null ? null : new TrailerSplitter(script.Marker);
        _activeStreams++;
        if (session is not null)
            session.Busy = true;
        var sessionReleased = false;
        try
        {
            await using var registration = cancellationToken.Register(() => process.Kill(ExitReason.Cancelled));
            await process.WaitUntilStartedAsync(cancellationToken);
            yield return new ExecStarted(process.Id, process.Pid);
            await foreach (var item in process.ReadEventsAsync(CancellationToken.None))
            {
                _lastActivity = time.GetUtcNow();
                switch (item)
                {
                    case ExecOutput { Stream: OutputStream.Stdout } output when trailer is not null:
                        if (trailer.Feed(output.Text) is { Length: > 0 } text)
                            yield return new ExecChunk("stdout", text);
                        break;
                    case ExecOutput output:
                        yield return new ExecChunk(output.Stream == OutputStream.Stdout ? "stdout" : "stderr", output.Text);
                        break;
                    case ExecCompleted { Result: var result }:
                        if (trailer?.Flush() is { Length: > 0 } rest)
                            yield return new ExecChunk("stdout", rest);
                        var kept = session is not null && trailer?.Trailer is { } state
                            && ShellScript.TryApply(session, state, Overlay(metadata.Environment, command.Environment));
                        var outcome = ExecOutcome.From(result, limits);
                        if (session is not null && !kept)
                            outcome = outcome with { Message = $"{outcome.Message ?? "The command did not finish"}; shell session '{session.Id}' keeps its previous directory and environment." };
                        // Free before the last event goes out: a caller may answer at once and close this stream
                        // later, and its next command in the session must not find it busy.
                        if (session is not null)
                            (session.Busy, sessionReleased) = (false, true);
                        yield return ExecOutcome.IsCompletion(result)
                            ? new ExecFinished(outcome)
                            : new ExecFailed(outcome.Message ?? "The process was killed.", outcome);
                        break;
                }
            }
        }
        finally
        {
            _activeStreams--;
            if (session is not null && !sessionReleased)
                session.Busy = false;
            Touch();
            if (!process.HasExited)
                process.Kill(ExitReason.Cancelled);
            await process.DisposeAsync();
        }
    }

    private static ShellScript SessionScript(ShellSession session, ExecCommand command)
    {
        if (command.Command is null || command.Code is not null)
            throw new SandboxRequestException(SandboxErrorKind.BadRequest, "A shell session runs commands, not code.");
        if (command.WorkingDirectory is not null)
            throw new SandboxRequestException(SandboxErrorKind.BadRequest, "A shell session keeps its own directory: 'cd' in the command instead of giving 'cwd'.");
        if (session.Busy)
            throw new SandboxRequestException(SandboxErrorKind.Conflict, $"Shell session '{session.Id}' is running a command; wait for it or cancel it.");
        return new ShellScript(session, command.Command);
    }

    private static Dictionary<string, string> Overlay(IReadOnlyDictionary<string, string> under, Dictionary<string, string>? over)
    {
        var merged = new Dictionary<string, string>(under, StringComparer.Ordinal);
        foreach (var (name, value) in over ?? [])
            merged[name] = value;
        return merged;
    }

    private static ExecRequest Program(ExecCommand command)
    {
        if (command.Code is null)
            return new ExecRequest { Command = command.Command };
        if (!SandboxLanguageNames.TryParse(command.Language, out var language))
            throw new SandboxRequestException(SandboxErrorKind.BadRequest, $"Unknown language '{command.Language}': use {string.Join(", ", SandboxLanguageNames.Supported)}.");
        return command.Command is null
            ? ExecRequest.ForCode(language.Value, command.Code)
            : throw new SandboxRequestException(SandboxErrorKind.BadRequest, "Give either code or a command, not both.");
    }

    /// <summary>Starts a process tree with the sandbox's environment under the request's; engine refusals become request errors.</summary>
    private SandboxProcess Start(
        SandboxMetadata metadata,
        ExecRequest program,
        Dictionary<string, string>? environment,
        string? workingDirectory,
        SandboxLimits limits,
        byte[]? stdin)
    {
        var merged = new Dictionary<string, string>(metadata.Environment, StringComparer.Ordinal);
        foreach (var (name, value) in environment ?? [])
            merged[name] = value;
        var request = program with
        {
            Environment = merged,
            WorkingDirectory = workingDirectory,
            Limits = limits,
            Stdin = stdin,
        };
        try
        {
            return _sandbox!.Start(request);
        }
        catch (ArgumentException e)
        {
            throw new SandboxRequestException(SandboxErrorKind.BadRequest, e.Message);
        }
        catch (WorkspaceQuotaExceededException e)
        {
            throw new SandboxRequestException(SandboxErrorKind.TooLarge, e.Message);
        }
        catch (SandboxUnavailableException e)
        {
            throw new SandboxRequestException(SandboxErrorKind.Unavailable, e.Message);
        }
        catch (SandboxDestroyedException e)
        {
            throw new SandboxRequestException(SandboxErrorKind.Conflict, e.Message);
        }
    }

    private long CheckTimeout(long timeoutMs) =>
        timeoutMs > 0 && timeoutMs <= Options.MaxExecTimeout.TotalMilliseconds
            ? timeoutMs
            : throw new SandboxRequestException(SandboxErrorKind.BadRequest, $"'timeoutMs' must be above 0 and at most {Options.MaxExecTimeout.TotalMilliseconds}.");
}
