using Sandcastle.Sandbox.Network;

namespace Sandcastle.Sandbox;

/// <summary>The egress proxy and the doors to it the engine opens in executions' network namespaces.</summary>
public sealed partial class SandboxEngine
{
    /// <summary>Egress configuration the engine was given.</summary>
    public NetworkOptions NetworkOptions { get; }

    /// <summary>The egress proxy every networked execution's door leads to, and its log of connections.</summary>
    public EgressProxy Egress { get; }

    /// <summary>
    /// A door into the network namespace a forked execution made for itself (its pid 1's), serving the
    /// listener opened there ahead of the request (<see cref="OpenSpareListener"/>), or one opened now.
    /// </summary>
    internal NetworkDoor OpenDoorInto(int hostPid, System.Net.Sockets.Socket? listener, string sandboxId, NetworkPolicy policy)
    {
        RequireRootForNetwork();
        _networkedRunSeen = true;
        listener ??= NetworkNamespaces.ListenIn($"/proc/{hostPid}/ns/net", NetworkOptions.ProxyPort);
        return new NetworkDoor(listener, null, Egress, sandboxId, policy);
    }

    // Set by the first networked run: from then on every spare has its listener opened ahead.
    private volatile bool _networkedRunSeen;

    /// <summary>
    /// The proxy's listener in a fork server spare's namespace, opened as the spare is announced once this engine has
    /// run a networked execution (a networked run's spare opened before then gets one at dispatch); null without root.
    /// An engine whose sandboxes never have network does not pay for it (two namespace switches on a thread of their
    /// own, a socket, per spare).
    /// </summary>
    internal System.Net.Sockets.Socket? OpenSpareListener(int hostPid) =>
        IsPrivileged && _networkedRunSeen ? NetworkNamespaces.ListenIn($"/proc/{hostPid}/ns/net", NetworkOptions.ProxyPort) : null;

    /// <summary>A fresh network namespace with a door in it, for a launcher chain to join.</summary>
    internal NetworkDoor OpenDoorWithNamespace(string sandboxId, NetworkPolicy policy)
    {
        RequireRootForNetwork();
        var (handle, listener) = NetworkNamespaces.Create(NetworkOptions.ProxyPort);
        return new NetworkDoor(listener, handle, Egress, sandboxId, policy);
    }

    private void RequireRootForNetwork()
    {
        if (!IsPrivileged)
            throw new SandboxUnavailableException("Network access for sandboxes needs the server to run as root (it opens the proxy inside each sandbox's network namespace).");
    }
}
