using System.Collections.Concurrent;

namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// Spares warmed for commands: once in its cgroup, such a spare's pid 1 execs sandcastle-exec-init (exec_init.c),
/// a small C program that does what child.py's pid 1 does for an exec'd program, so that neither the fork server's
/// interpreter's steps nor its memory are on a command's way (its pages copied as pid 1 writes them, unmapped at
/// its exit). It runs only a command that is exec'd as it is: no snippet, no warm Node, and no command naming the
/// fork server's own interpreter (pid 1's interpreter may run those itself, see python_command.py). A group's new spares are warmed for
/// commands while its latest run was such a command; such spares are kept beside the plain ones (their own places,
/// as warm Nodes have), so a Python run always finds its plain spares where it did. A group that has run no command
/// for <see cref="IdleAfter"/> gives its places to the next group whose command finds none.
/// </summary>
/// <param name="interpreterName">The file name of the fork server's own Python (<c>python3</c>).</param>
/// <param name="now">Milliseconds of a monotonic clock (a test's own).</param>
internal sealed class CommandSpares(int count, string interpreterName, Func<long>? now = null)
{
    /// <summary>How long a group may go without a command before its command spares go to another group's commands.</summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(10);

    /// <summary>The first message of a spare warmed for commands (see child.py, become_exec_init).</summary>
    public static readonly byte[] Message = """{"warm":{"exec":true}}"""u8.ToArray();

    private readonly Func<long> _now = now ?? (() => Environment.TickCount64);

    // Per group: whether its latest run was a command one of these serves, and when it last ran one.
    private readonly ConcurrentDictionary<string, (bool Command, long LastCommandAt)> _runs = new(StringComparer.Ordinal);

    /// <summary>How many such spares the engine keeps at most, beside its plain and warm Node ones.</summary>
    public int Count => count;

    /// <summary>
    /// Whether a spare warmed for commands runs this request exactly as a plain spare would: a program to exec, with
    /// no snippet to mount, no warm Node to give it to, and not the fork server's own interpreter, which pid 1 runs
    /// itself when bash would find that very file (child.py's python_command compares the path found; any first word
    /// of that file name stays with the plain spares).
    /// </summary>
    public bool Serves(ForkServerRequest request) =>
        request is { Argv.Count: > 0, Snippet: null, Node: null }
        && !(request.Direct is [var program, ..] && program.AsSpan(program.LastIndexOf('/') + 1).SequenceEqual(interpreterName));

    /// <summary>A run started in <paramref name="group"/>: a command these spares serve, or anything else.</summary>
    public void Ran(string? group, bool command) =>
        _runs.AddOrUpdate(group ?? "", static (_, run) => (run.Command, run.Command ? run.At : long.MinValue),
            static (_, runs, run) => (run.Command, run.Command ? run.At : runs.LastCommandAt), (Command: command, At: _now()));

    /// <summary>Whether the group's new spares are warmed for commands: its latest run was one.</summary>
    public bool RunsCommands(string? group) => _runs.TryGetValue(group ?? "", out var runs) && runs.Command;

    /// <summary>Whether the group has run no command for <see cref="IdleAfter"/>: its command spares may go to another group.</summary>
    public bool IsIdle(string? group) =>
        !_runs.TryGetValue(group ?? "", out var runs) || runs.LastCommandAt == long.MinValue
        || _now() - runs.LastCommandAt >= (long)IdleAfter.TotalMilliseconds;
}
