using System.Net;
using System.Net.Sockets;

namespace Sandcastle.Sessions.Hosting;

/// <summary>Asks the kernel for an unused loopback port, so several silos can share a machine (tests, benchmarks).</summary>
internal static class FreePort
{
    public static int Resolve(int configured)
    {
        if (configured != 0)
            return configured;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
