namespace Sandcastle.Sessions.Processes;

/// <summary>
/// What a background process has printed, as far as its log ring holds; <see cref="DroppedChars"/> characters
/// of older output made room for newer.
/// </summary>
[GenerateSerializer, Alias("Sandcastle.ProcessLogs")]
public sealed record ProcessLogs(
    [property: Id(0)] string Id,
    [property: Id(1)] string Stdout,
    [property: Id(2)] string Stderr,
    [property: Id(3)] string Status,
    [property: Id(4)] long DroppedChars = 0);
