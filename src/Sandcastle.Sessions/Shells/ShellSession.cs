namespace Sandcastle.Sessions.Shells;

/// <summary>
/// What a shell session carries from one command to the next: its working directory, the variables it exported
/// (beyond the sandbox's), and the sandbox variables it unset. Held by the sandbox grain while it is awake.
/// </summary>
internal sealed class ShellSession(string id, DateTimeOffset createdAt)
{
    public const string HomeDirectory = "/workspace";

    public string Id => id;

    public DateTimeOffset CreatedAt => createdAt;

    public string Cwd { get; set; } = HomeDirectory;

    public Dictionary<string, string> Exported { get; set; } = new(StringComparer.Ordinal);

    public HashSet<string> Unset { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A command is running: a session runs one at a time, as a terminal does.</summary>
    public bool Busy { get; set; }

    public ShellSessionView View() => new(Id, Cwd, CreatedAt, Busy);
}
