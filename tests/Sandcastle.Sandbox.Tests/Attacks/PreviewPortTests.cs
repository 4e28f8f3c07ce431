using System.Net;
using System.Net.Sockets;
using Sandcastle.Sandbox.Contexts;

namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>
/// A preview URL reaches a port a sandbox's own process listens on, in that execution's network namespace, and
/// nothing else: not a service on the host's loopback, even when a process tree of the sandbox starts outside its
/// namespace (a code context's kernel is launched by a bubblewrap in the server's namespace).
/// </summary>
public abstract class PreviewPortTests(SandboxEngineFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APortOnlyTheHostListensOn_IsNotReached_ThroughASandboxWithAContext()
    {
        using var host = new TcpListener(IPAddress.Loopback, 0);
        host.Start();
        var hostPort = ((IPEndPoint)host.LocalEndpoint).Port;
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await using var context = await CodeContext.StartAsync(sandbox, SandboxLanguage.Python, Cancel);
        // The context's own server, on a port of the sandbox's loopback: what a preview URL is for.
        var listening = await context.RunAndCollectAsync("""
            import socket
            server = socket.socket()
            server.bind(('127.0.0.1', 0))
            server.listen()
            server.getsockname()[1]
            """, cancellationToken: Cancel);
        Assert.Null(listening.Error);
        var sandboxPort = int.Parse(Assert.Single(listening.Results).Text!);

        using var toHost = await sandbox.ConnectToPortAsync(hostPort, Cancel);
        using var toSandbox = await sandbox.ConnectToPortAsync(sandboxPort, Cancel);

        Assert.Null(toHost);
        Assert.False(host.Pending(), "the host's listener was connected to");
        Assert.NotNull(toSandbox);
        Assert.True(toSandbox.Connected);
    }
}

/// <summary>Executions forked by the fork server (kernels are always launched).</summary>
public sealed class PreviewPortTestsWhenForked(ForkingEngineFixture fixture) : PreviewPortTests(fixture), IClassFixture<ForkingEngineFixture>;

/// <summary>Every execution with a launcher of its own.</summary>
public sealed class PreviewPortTestsWhenLaunched(LaunchingEngineFixture fixture) : PreviewPortTests(fixture), IClassFixture<LaunchingEngineFixture>;
