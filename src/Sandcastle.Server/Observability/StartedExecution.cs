namespace Sandcastle.Server.Observability;

/// <summary>An execution the journal follows, from <see cref="ExecutionJournal.Begin"/> to its end.</summary>
/// <param name="Id">The journal's id ("x" and a number), unique within the server's life.</param>
/// <param name="Question">The question of an /execute, cut to <see cref="ExecutionJournal.MaxTextLength"/>.</param>
/// <param name="Command">The command of an exec or process, cut likewise.</param>
public sealed record StartedExecution(
    string Id,
    string Tenant,
    string Kind,
    string SandboxId,
    string? Language,
    string? Question,
    string? Command,
    DateTimeOffset StartedAt);
