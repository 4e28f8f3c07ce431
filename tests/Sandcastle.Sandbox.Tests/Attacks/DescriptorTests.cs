using Sandcastle.Sandbox.Native;

namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>Descriptors the host process holds never reach sandboxed code.</summary>
public abstract class DescriptorTests(SandboxEngineFixture fixture)
{
    [Fact]
    public async Task AnInheritableHostDescriptor_IsNotPassedIn()
    {
        // A root-only file opened the way a parent process or native library might: without O_CLOEXEC.
        var secret = Path.Combine(fixture.DataRoot, "host-secret.txt");
        await File.WriteAllTextAsync(secret, "host-secret-contents", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(secret, UnixFileMode.UserRead);
        using var handle = File.OpenHandle(secret);
        var fd = (int)handle.DangerousGetHandle();
        Assert.Equal(0, Libc.Fcntl(fd, Libc.F_SETFD, 0));
        await using var sandbox = fixture.Engine.CreateEphemeral();
        var run = await sandbox.Python("""
            import os
            found = []
            for fd in range(3, 4096):
                try:
                    os.fstat(fd); found.append(fd)
                    print(os.pread(fd, 100, 0))
                except OSError:
                    pass
            print("descriptors", found)
            """);
        Assert.DoesNotContain("host-secret-contents", run.Stdout);
        Assert.Equal("descriptors []\n", run.Stdout);
    }
}

/// <summary>The same, each execution forked by the engine's fork server.</summary>
public sealed class DescriptorTestsWhenForked(ForkingEngineFixture fixture) : DescriptorTests(fixture), IClassFixture<ForkingEngineFixture>;

/// <summary>The same, each execution with a launcher chain of its own.</summary>
public sealed class DescriptorTestsWhenLaunched(LaunchingEngineFixture fixture) : DescriptorTests(fixture), IClassFixture<LaunchingEngineFixture>;
