using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Sandcastle.Sandbox.Native;

namespace Sandcastle.Sandbox.Network;

/// <summary>
/// Finds where a port of a sandbox is served: each execution has a network namespace of its own, so a server a
/// background process started listens in that process's namespace. The namespace is found by the listening
/// socket itself (its <c>/proc/PID/net/tcp</c>), among the processes of the sandbox's running trees. A tree's root
/// may run outside the sandbox (a launched code context's bubblewrap is in the server's namespace): the server's own
/// namespace is never searched, else a preview URL would reach whatever listens on the host's loopback.
/// </summary>
internal static class SandboxPorts
{
    private const string ListenState = "0A";

    private static readonly string? ServerNamespace = ReadLink("/proc/self/ns/net");

    /// <summary>A socket connected to the port on the loopback of the execution that listens on it, or null when none does.</summary>
    public static async Task<Socket?> ConnectAsync(IEnumerable<SandboxProcess> processes, int port, CancellationToken cancellationToken)
    {
        if (ServerNamespace is null)
            return null; // Without knowing the server's own namespace, none can be told from a sandbox's.
        var seen = new HashSet<string>(StringComparer.Ordinal) { ServerNamespace };
        foreach (var process in processes)
        {
            if (process.HasExited || process.Pid <= 0)
                continue;
            foreach (var pid in Descendants(process.Pid))
            {
                var namespaceLink = ReadLink($"/proc/{pid}/ns/net");
                if (namespaceLink is null || !seen.Add(namespaceLink) || !Listens(pid, port))
                    continue;
                var socket = NetworkNamespaces.SocketIn($"/proc/{pid}/ns/net");
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken).ConfigureAwait(false);
                    return socket;
                }
                catch (SocketException)
                {
                    socket.Dispose();
                }
            }
        }
        return null;
    }

    /// <summary>The process and every process under it, breadth first.</summary>
    private static IEnumerable<int> Descendants(int root)
    {
        var queue = new Queue<int>([root]);
        var count = 0;
        while (queue.TryDequeue(out var pid) && count++ < 4096)
        {
            yield return pid;
            foreach (var child in ProcessTable.Children(pid))
                queue.Enqueue(child);
        }
    }

    /// <summary>Whether the process's namespace has a TCP socket listening on the port (IPv4 or IPv6, any address).</summary>
    private static bool Listens(int pid, int port)
    {
        var hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var table in new[] { $"/proc/{pid}/net/tcp", $"/proc/{pid}/net/tcp6" })
        {
            foreach (var line in ProcessTable.ReadOrEmpty(table).Split('\n').Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 3 && fields[3] == ListenState && fields[1].EndsWith(":" + hexPort, StringComparison.Ordinal))
                    return true;
            }
        }
        return false;
    }

    private static string? ReadLink(string path)
    {
        try
        {
            return File.ResolveLinkTarget(path, returnFinalTarget: false)?.LinkTarget ?? new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
