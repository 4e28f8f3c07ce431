namespace Sandcastle.Sessions.Shells;

/// <summary>A shell session as callers see it: its id, current directory, and whether a command runs in it now.</summary>
[GenerateSerializer, Alias("Sandcastle.ShellSessionView")]
public sealed record ShellSessionView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Cwd,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] bool Busy);
