using System.Text;

namespace Sandcastle.Sessions.Shells;

/// <summary>
/// One session command as a fresh <c>bash -c</c>. Why not a long-lived interactive bash fed through stdin: a command
/// that reads stdin would swallow the next commands, cancelling one command would mean signalling a process group
/// inside the sandbox, and one process would collect the output and time limits of the whole session. A fresh
/// process per command is killed, limited and accounted like any exec; the session's state (working directory,
/// exported variables) is small and is carried by the grain: the script restores it, runs the command with
/// <c>eval</c> in the same shell (so <c>cd</c> and <c>export</c> take effect), then prints the new state after a
/// marker with a random nonce on stdout, which <see cref="TrailerSplitter"/> removes. A command killed before the
/// trailer (timeout, cancel, output limit) leaves the session as it was. Shell options, aliases, functions and
/// unexported variables do not carry over.
/// </summary>
internal sealed class ShellScript
{
    /// <summary>Variables the shell itself maintains: never part of a session's state.</summary>
    private static readonly HashSet<string> ShellOwned = new(StringComparer.Ordinal) { "PWD", "OLDPWD", "SHLVL", "_" };

    public ShellScript(ShellSession session, string command)
    {
        Marker = $"\u001esandcastle-session-{Guid.NewGuid():N}\u001e";
        var script = new StringBuilder();
        // The trailer runs on normal end and on 'exit' (EXIT trap); $? is the command's status, which is kept.
        script.Append("__sandcastle_done() { __sandcastle_status=$?; trap - EXIT; printf '%s' ")
            .Append(Quote(Marker))
            .Append("; printf '%s\\0' \"$PWD\"; env -0; exit \"$__sandcastle_status\"; }\n")
            .Append("trap __sandcastle_done EXIT\n");
        if (session.Unset.Count > 0)
            script.Append("unset -v ").AppendJoin(' ', session.Unset.Select(Quote)).Append('\n');
        script.Append("cd -- ").Append(Quote(session.Cwd))
            .Append(" 2>/dev/null || echo \"sandcastle: the session's directory is gone; running in $PWD\" >&2\n")
            .Append("eval ").Append(Quote(command)).Append('\n')
            .Append("__sandcastle_done\n");
        Text = script.ToString();
    }

    public string Marker { get; }

    public string Text { get; }

    /// <summary>
    /// Updates the session from a trailer (<c>pwd</c>, NUL, then <c>env -0</c>): variables that differ from what the
    /// command started with (<paramref name="baseline"/>: the sandbox's and the request's) are the session's own.
    /// </summary>
    public static bool TryApply(ShellSession session, string trailer, IReadOnlyDictionary<string, string> baseline)
    {
        var parts = trailer.Split('\0');
        if (parts.Length < 2 || !parts[0].StartsWith('/'))
            return false;
        var after = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in parts.Skip(1))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && IsName(entry.AsSpan(0, equals)) && !ShellOwned.Contains(entry[..equals]))
                after[entry[..equals]] = entry[(equals + 1)..];
        }
        session.Cwd = parts[0];
        session.Exported = after.Where(e => !(baseline.TryGetValue(e.Key, out var value) && value == e.Value))
            .ToDictionary(StringComparer.Ordinal);
        session.Unset = baseline.Keys.Where(k => !after.ContainsKey(k) && !ShellOwned.Contains(k)).ToHashSet(StringComparer.Ordinal);
        return true;
    }

    private static bool IsName(ReadOnlySpan<char> name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && !name.ContainsAnyExcept(NameChars);

    private static readonly System.Buffers.SearchValues<char> NameChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    /// <summary>Bash single quoting: nothing inside is special except the quote itself.</summary>
    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
