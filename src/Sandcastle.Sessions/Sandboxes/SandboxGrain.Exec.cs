using System.Runtime.CompilerServices;
using Sandcastle.Sandbox;
using Sandcastle.Sessions.Execution;

namespace Sandcastle.Sessions.Sandboxes;

public sealed partial class SandboxGrain
{
    public async IAsyncEnumerable<ExecStreamEvent> ExecAsync(ExecCommand command, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var metadata = RequireSandbox();
        Touch();
        var limits = _sandbox!.Limits;
        if (command.TimeoutMs is { } timeoutMs)
            limits = limits with { Timeout = TimeSpan.FromMilliseconds(CheckTimeout(timeoutMs)) };
        var process = Start(metadata, Program(command), command.Environment, command.WorkingDirectory, limits, command.Stdin);
        _activeStreams++;
        try
        {
            await using var registration = cancellationToken.Register(() => process.Kill(ExitReason.Cancelled));
            yield return new ExecStarted(process.Id, process.Pid);
            await foreach (var item in process.ReadEventsAsync(CancellationToken.None))
            {
                _lastActivity = time.GetUtcNow();
                switch (item)
                {
                    case ExecOutput output:
                        yield return new ExecChunk(output.Stream == OutputStream.Stdout ? "stdout" : "stderr", output.Text);
                        break;
                    case ExecCompleted { Result: var result }:
                        var outcome = ExecOutcome.From(result, limits);
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
            Touch();
            if (!process.HasExited)
                process.Kill(ExitReason.Cancelled);
            await process.DisposeAsync();
        }
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
    }

    private long CheckTimeout(long timeoutMs) =>
        timeoutMs > 0 && timeoutMs <= Options.MaxExecTimeout.TotalMilliseconds
            ? timeoutMs
            : throw new SandboxRequestException(SandboxErrorKind.BadRequest, $"'timeoutMs' must be above 0 and at most {Options.MaxExecTimeout.TotalMilliseconds}.");
}
