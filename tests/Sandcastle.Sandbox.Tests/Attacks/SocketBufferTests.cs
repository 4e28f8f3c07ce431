namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>
/// On cgroup v1 the kernel does not charge TCP socket buffers to a memory cgroup unless told to: a program could
/// pin far more than its memory limit in loopback connections that are written to and never read.
/// </summary>
public abstract class SocketBufferTests(SandboxEngineFixture fixture)
{
    [Fact]
    public async Task LoopbackBuffersNeverRead_StayWithinTheMemoryLimit()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        var limits = SandboxLimits.Default with { MemoryBytes = 64L * 1024 * 1024, Timeout = TimeSpan.FromSeconds(60) };

        var run = await sandbox.Python("""
            import socket
            server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(512)
            chunk = b"x" * 65536
            held, total = [], 0
            for i in range(150):
                client = socket.create_connection(server.getsockname()); peer, _ = server.accept()
                client.setblocking(False)
                held += [client, peer]
                while True:
                    try:
                        total += client.send(chunk)
                    except (BlockingIOError, OSError):
                        break
            print(total // (1024 * 1024))
            """, limits);

        Assert.True(int.TryParse(run.Stdout.Trim(), out var pinnedMiB), $"no figure: {run.Stdout} {run.Stderr} {run.Result.Reason}");
        Assert.True(pinnedMiB < 64, $"{pinnedMiB} MiB of socket buffers pinned under a 64 MiB limit");
    }
}

public sealed class SocketBufferTestsWhenForked(ForkingEngineFixture fixture) : SocketBufferTests(fixture), IClassFixture<ForkingEngineFixture>;

public sealed class SocketBufferTestsWhenLaunched(LaunchingEngineFixture fixture) : SocketBufferTests(fixture), IClassFixture<LaunchingEngineFixture>;
