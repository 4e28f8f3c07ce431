using System.Net.Sockets;
using Sandcastle.Sandbox.Cgroups;

namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// An execution's pid 1 forked ahead of time in namespaces of its own, moved into the cgroup it will run in, made in
/// <paramref name="group"/>'s cgroup (a tenant's; null: the engine's own directory); with the egress proxy's listener
/// opened in its network namespace ahead of time too (null where sandboxes have no network). A native spare's pid 1 is
/// sandcastle-exec-init from the start: it runs a command (see <see cref="CommandSpares"/>) or a warm Node.
/// </summary>
internal sealed class AttachedSpare(uint number, int hostPid, ICgroup cgroup, string? group, Socket? listener, bool native = false)
{
    private Socket? _listener = listener;

    public uint Number { get; } = number;

    public int HostPid { get; } = hostPid;

    public ICgroup Cgroup { get; } = cgroup;

    public string? Group { get; } = group;

    /// <summary>Its pid 1 is sandcastle-exec-init from the start: it runs a command such spares serve, or (warmed) a Node.</summary>
    public bool Native { get; } = native;

    /// <summary>What its Node was started for, once it is warmed (set by the pool as it keeps it warm).</summary>
    public WarmNodeStart? Warmed { get; set; }

    /// <summary>When it was warmed, on the warm spares' clock: it is not idle for a while after, whatever its group ran.</summary>
    public long WarmedAt { get; set; }

    private volatile bool _warmSent;

    /// <summary>
    /// Its WARM frame has gone to the helper: a native warm Node is taken only then, as its pid 1 must read its Node's
    /// order before any request (a plain one taken earlier simply runs its request unwarmed).
    /// </summary>
    public bool WarmSent => _warmSent;

    public void MarkWarmSent() => _warmSent = true;

    /// <summary>The listener, now the caller's to serve or close; null after the first call.</summary>
    public Socket? TakeListener() => Interlocked.Exchange(ref _listener, null);

    /// <summary>For a spare that will run nothing: its cgroup and listener go.</summary>
    public void Discard()
    {
        TakeListener()?.Dispose();
        Cgroup.Dispose();
    }
}
