using System.Net;
using System.Net.Sockets;

namespace Sandcastle.Testing;

public static class FreePort
{
    /// <summary>A loopback port nobody listens on right now (for a child process that needs a fixed port).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
