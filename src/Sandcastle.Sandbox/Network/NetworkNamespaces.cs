using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sandcastle.Sandbox.Network;

/// <summary>
/// Opens the egress proxy's listener inside a sandbox's network namespace. The socket belongs to the namespace it
/// was made in, so the server accepts on it from its own namespace while the sandbox connects to its own loopback:
/// no interface, route or relay process is added. Namespaces are per thread, so every switch happens on one thread
/// kept for it, which never runs anything else.
/// </summary>
internal static partial class NetworkNamespaces
{
    private const int CloneNewNet = 0x40000000;
    private const int SiocGifFlags = 0x8913, SiocSifFlags = 0x8914, IffUp = 1;

    /// <summary>A listener on <c>0.0.0.0:port</c> in the namespace at this path (e.g. <c>/proc/PID/ns/net</c>).</summary>
    /// <remarks>The wildcard address: the namespace's loopback may not be up yet, and it is its only interface.</remarks>
    public static Socket ListenIn(string namespacePath, int port) => OnOwnThread(() =>
    {
        using var target = File.OpenHandle(namespacePath, FileMode.Open, FileAccess.Read);
        Enter(target.DangerousGetHandle().ToInt32(), namespacePath);
        return Listen(IPAddress.Any, port);
    });

    /// <summary>An unconnected TCP socket of the namespace at this path: connecting it reaches that namespace's loopback.</summary>
    public static Socket SocketIn(string namespacePath) => OnOwnThread(() =>
    {
        using var target = File.OpenHandle(namespacePath, FileMode.Open, FileAccess.Read);
        Enter(target.DangerousGetHandle().ToInt32(), namespacePath);
        return new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    });

    /// <summary>
    /// A new network namespace with its loopback up and a listener on <c>127.0.0.1:port</c>, for a launcher chain to
    /// join (the fork server's executions make their own). The returned handle keeps the namespace while it is open.
    /// </summary>
    public static (SafeFileHandle Namespace, Socket Listener) Create(int port) => OnOwnThread(() =>
    {
        if (Unshare(CloneNewNet) != 0)
            throw new IOException($"Could not make a network namespace: errno {Marshal.GetLastPInvokeError()}.");
        var handle = File.OpenHandle("/proc/thread-self/ns/net", FileMode.Open, FileAccess.Read);
        try
        {
            BringUpLoopback();
            return (handle, Listen(IPAddress.Loopback, port));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    });

    private static Socket Listen(IPAddress address, int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(128);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs on the one thread that switches namespaces, which runs nothing else and goes back to the server's namespace
    /// after each piece of work. (A thread made for each switch cost a thread's start and end for every spare.)
    /// </summary>
    private static T OnOwnThread<T>(Func<T> work)
    {
        T? result = default;
        Exception? failure = null;
        // Blocks without spinning first: a spin yields the CPU some thirty times while the switch runs.
        using var done = new ManualResetEventSlim(initialState: false, spinCount: 0);
        var switcher = Switcher();
        lock (switcher)
        {
            switcher.Enqueue(() =>
            {
                try
                {
                    result = work();
                }
                catch (Exception e)
                {
                    failure = e;
                }
                finally
                {
                    done.Set();
                }
            });
            Monitor.Pulse(switcher);
        }
        done.Wait();
        return failure is null ? result! : throw new IOException($"Could not open the network door: {failure.Message}", failure);
    }

    private static readonly Lock s_switcherStart = new();
    private static Queue<Action>? s_switcher;

    /// <summary>The switching thread's queue; a thread that could not be started is tried again by the next caller.</summary>
    private static Queue<Action> Switcher()
    {
        lock (s_switcherStart)
        {
            try
            {
                return s_switcher ??= StartSwitcher();
            }
            catch (Exception e) when (e is OutOfMemoryException or ThreadStartException)
            {
                throw new IOException($"Could not start the thread that opens network doors: {e.Message}", e);
            }
        }
    }

    private static Queue<Action> StartSwitcher()
    {
        var work = new Queue<Action>();
        // Started from a thread in the server's namespace: that is the one it goes back to.
        new Thread(() =>
        {
            using var home = File.OpenHandle("/proc/thread-self/ns/net", FileMode.Open, FileAccess.Read);
            while (true)
            {
                Action item;
                lock (work)
                {
                    while (work.Count == 0)
                        Monitor.Wait(work);
                    item = work.Dequeue();
                }
                try
                {
                    item();
                }
                finally
                {
                    // A thread left in a sandbox's namespace must never run anything else: back home, or end the process.
                    if (SetNs(home.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
                        Environment.FailFast("Could not return a thread to the server's network namespace.");
                }
            }
        }, 256 * 1024) { IsBackground = true, Name = "sandcastle-netns" }.Start();
        return work;
    }

    private static void Enter(int descriptor, string path)
    {
        if (SetNs(descriptor, CloneNewNet) != 0)
            throw new IOException($"Could not enter the network namespace {path}: errno {Marshal.GetLastPInvokeError()}.");
    }

    private static unsafe void BringUpLoopback()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var request = stackalloc byte[40];
        request[0] = (byte)'l';
        request[1] = (byte)'o';
        var fd = (int)probe.Handle;
        if (Ioctl(fd, SiocGifFlags, request) != 0)
            throw new IOException($"Could not read the loopback's flags: errno {Marshal.GetLastPInvokeError()}.");
        *(short*)(request + 16) |= IffUp;
        if (Ioctl(fd, SiocSifFlags, request) != 0)
            throw new IOException($"Could not bring the loopback up: errno {Marshal.GetLastPInvokeError()}.");
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);

    [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
    private static partial int Unshare(int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static unsafe partial int Ioctl(int fd, nint request, byte* argument);
}
