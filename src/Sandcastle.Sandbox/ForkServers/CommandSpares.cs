using System.Collections.Concurrent;

namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// Native spares, for commands: their pid 1 is sandcastle-exec-init (exec_init.c) from the start, a clone of the small
/// C program that is the native zygote (no exec), which makes the view and runs an exec'd command as child.py's pid 1 would, so that
/// neither the fork server's interpreter's steps nor its memory are on a command's way or in its namespace (its pages
/// copied as pid 1 writes them, unmapped at its exit). Kept for commands, such a spare runs only a command that is
/// exec'd as it is: no snippet, no warm Node, and no command naming the fork server's own interpreter (pid 1's
/// interpreter may run those itself, see python_command.py); a native spare may also be warmed for a Node (see
/// SparePool.Native.cs, Native/node.c), counted among the warm Nodes, not here. The engine asks for one as a command's replacement spare while fewer than
/// <see cref="Count"/> are kept or coming; each is kept for the group whose command asked for it (its cgroup namespace
/// is made in its group's cgroup), beside the plain and warm spares, so a Python run always finds its plain spares where
/// it did. A group that has run no command for <see cref="IdleAfter"/> gives its places to the next group whose command
/// finds none.
/// </summary>
/// <param name="interpreterName">The file name of the fork server's own Python (<c>python3</c>).</param>
/// <param name="now">Milliseconds of a monotonic clock (a test's own).</param>
internal sealed class CommandSpares(int count, string interpreterName, Func<long>? now = null)
{
    /// <summary>How long a group may go without a command before its native spares go to another group's commands.</summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(10);

    /// <summary>A native spare's first message, once it is in its cgroup (see Native/view.c, await_cgroup).</summary>
    public static readonly byte[] Message = """{"warm":{"exec":true}}"""u8.ToArray();

    private readonly Func<long> _now = now ?? (() => Environment.TickCount64);

    // Per group: when it last ran a command these spares serve.
    private readonly ConcurrentDictionary<string, long> _lastCommandAt = new(StringComparer.Ordinal);

    /// <summary>How many native spares the engine keeps at most, beside its plain and warm Node ones.</summary>
    public int Count => count;

    /// <summary>
    /// Whether a native spare runs this request exactly as a plain spare would: a program to exec, with no snippet to
    /// mount, no warm Node to give it to, and not the fork server's own interpreter, which pid 1 runs itself when bash
    /// would find that very file (child.py's python_command compares the path found; any first word of that file name
    /// stays with the plain spares).
    /// </summary>
    public bool Serves(ForkServerRequest request) =>
        request is { Argv.Count: > 0, Snippet: null, Node: null }
        && !(request.Direct is [var program, ..] && program.AsSpan(program.LastIndexOf('/') + 1).SequenceEqual(interpreterName));

    /// <summary>A command these spares serve started in <paramref name="group"/>.</summary>
    public void CommandRan(string? group) => _lastCommandAt[group ?? ""] = _now();

    /// <summary>Whether the group has run no command for <see cref="IdleAfter"/>: its native spares may go to another group.</summary>
    public bool IsIdle(string? group) =>
        !_lastCommandAt.TryGetValue(group ?? "", out var at) || _now() - at >= (long)IdleAfter.TotalMilliseconds;
}
