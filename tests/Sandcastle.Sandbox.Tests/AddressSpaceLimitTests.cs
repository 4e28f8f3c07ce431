using Microsoft.Extensions.Options;

namespace Sandcastle.Sandbox.Tests;

/// <summary>
/// Without cgroups (<c>Sandbox:CgroupMode=none</c>, as for a non-root user) memory is capped by RLIMIT_AS and the
/// kernel kills nothing: a program that hits the cap must still end as out of memory, not as its own crash.
/// </summary>
public abstract class AddressSpaceLimitTests(AddressSpaceEngineFixture fixture)
{
    private static readonly SandboxLimits Limits = SandboxLimits.Default with { MemoryBytes = 256L * 1024 * 1024 };

    [Fact]
    public async Task PythonPastTheLimit_EndsOutOfMemory_AndSaysSo()
    {
        Assert.Equal("none", fixture.Engine.CgroupVersion);
        await using var sandbox = fixture.Engine.CreateEphemeral();
        var run = await sandbox.Python("x = bytearray(1024 * 1024 * 1024)\nprint('allocated')", Limits);
        Assert.Equal(ExitReason.OutOfMemory, run.Result.Reason);
        Assert.DoesNotContain("allocated", run.Stdout);
        Assert.Contains("MemoryError", run.Stderr);
        Assert.Contains("ran out of its 256 MB memory limit", run.Stderr);
        Assert.Equal("killed: out of memory (limit 256 MB)", run.Result.Describe(Limits));
    }

    [Fact]
    public async Task ShellPastTheLimit_EndsOutOfMemory()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        // bash's own allocator fails (xmalloc: cannot allocate) as a string grows past the cap.
        var run = await sandbox.Bash("x=aaaaaaaaaaaaaaaa; while true; do x=\"$x$x\"; done", Limits);
        Assert.Equal(ExitReason.OutOfMemory, run.Result.Reason);
    }

    [Fact]
    public async Task OwnFailure_StaysTheProgramsOwn()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        var run = await sandbox.Python("import sys\nx = bytearray(1024 * 1024)\nsys.exit('bad input')", Limits);
        Assert.Equal(ExitReason.Exited, run.Result.Reason);
        Assert.Equal(1, run.Result.ExitCode);
        Assert.DoesNotContain("memory limit", run.Stderr);
    }
}

/// <summary>An engine told there are no cgroups; <c>forkServer</c> asks for forking, which the engine then declines.</summary>
public class AddressSpaceEngineFixture(bool forkServer) : IAsyncDisposable
{
    private readonly string _dataRoot = Directory.CreateTempSubdirectory("sandcastle-tests-").FullName;

    public SandboxEngine Engine => field ??= new SandboxEngine(Options.Create(new SandboxOptions
    {
        DataRoot = _dataRoot,
        CgroupMode = "none",
        ForkServer = forkServer,
    }));

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        Directory.Delete(_dataRoot, recursive: true);
        GC.SuppressFinalize(this);
    }
}

public sealed class ForkingAddressSpaceEngineFixture() : AddressSpaceEngineFixture(forkServer: true);

public sealed class LaunchingAddressSpaceEngineFixture() : AddressSpaceEngineFixture(forkServer: false);

public sealed class AddressSpaceLimitTestsWhenForked(ForkingAddressSpaceEngineFixture fixture)
    : AddressSpaceLimitTests(fixture), IClassFixture<ForkingAddressSpaceEngineFixture>;

public sealed class AddressSpaceLimitTestsWhenLaunched(LaunchingAddressSpaceEngineFixture fixture)
    : AddressSpaceLimitTests(fixture), IClassFixture<LaunchingAddressSpaceEngineFixture>;
