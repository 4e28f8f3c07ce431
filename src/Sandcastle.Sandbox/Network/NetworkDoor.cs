using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;

namespace Sandcastle.Sandbox.Network;

/// <summary>
/// One execution's way out: the proxy's listener inside its network namespace, served until the execution ends.
/// Disposing it closes the listener and cuts every connection still open through it.
/// </summary>
internal sealed class NetworkDoor : IDisposable
{
    /// <summary>Connections one execution may hold open through the proxy at once; more wait in the listen queue.</summary>
    private const int MaxOpenConnections = 256;

    private readonly Socket _listener;
    private readonly SafeFileHandle? _namespace;
    private readonly CancellationTokenSource _closed = new();
    private readonly SemaphoreSlim _slots = new(MaxOpenConnections);

    public NetworkDoor(Socket listener, SafeFileHandle? networkNamespace, EgressProxy proxy, string sandboxId, NetworkPolicy policy)
    {
        _listener = listener;
        _namespace = networkNamespace;
        _ = Task.Run(() => AcceptAsync(proxy, sandboxId, policy));
    }

    /// <summary>The namespace's handle, for a launcher to join (null when the execution made its own).</summary>
    public SafeFileHandle? Namespace => _namespace;

    private async Task AcceptAsync(EgressProxy proxy, string sandboxId, NetworkPolicy policy)
    {
        var token = _closed.Token;
        try
        {
            while (true)
            {
                await _slots.WaitAsync(token).ConfigureAwait(false);
                var client = await _listener.AcceptAsync(token).ConfigureAwait(false);
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await proxy.ServeAsync(client, sandboxId, policy, token).ConfigureAwait(false);
                    }
                    finally
                    {
                        _slots.Release();
                    }
                }, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Closed with its execution.
        }
    }

    public void Dispose()
    {
        if (_closed.IsCancellationRequested)
            return;
        _closed.Cancel();
        _listener.Dispose();
        _namespace?.Dispose();
    }
}
