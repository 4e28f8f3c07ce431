using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Sandcastle.Sessions.Hosting;

/// <summary>
/// Finds an unused port for the silo, so several silos can share a machine (tests, benchmarks). It is chosen below
/// the kernel's ephemeral range: a port the kernel handed out and took back could otherwise be given to another
/// listener on port 0 (Kestrel in a test) before the silo binds it.
/// </summary>
internal static class FreePort
{
    private const int Lowest = 20_000;
    private const int Highest = 32_000;

    public static int Resolve(int configured)
    {
        if (configured != 0)
            return configured;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = RandomNumberGenerator.GetInt32(Lowest, Highest);
            if (IsFree(port))
                return port;
        }
        throw new InvalidOperationException($"No free port between {Lowest} and {Highest} for the silo; set Sessions:SiloPort.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
