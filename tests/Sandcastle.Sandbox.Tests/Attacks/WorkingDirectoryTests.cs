namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>
/// The working directory is checked on the host before the launch. A symlink planted in the workspace must not
/// turn that check into an oracle for which host paths exist.
/// </summary>
public abstract class WorkingDirectoryTests(SandboxEngineFixture fixture)
{
    [Fact]
    public async Task SymlinksToHostPaths_GetTheSameAnswer_WhetherTheHostPathExistsOrNot()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await sandbox.Bash("ln -s /root /workspace/to-root; ln -s /no-such-host-dir /workspace/to-nothing; ln -s /root /workspace/inner; mkdir real");
        var existing = Assert.Throws<InvalidExecRequestException>(() => sandbox.Start(ExecRequest.ForCommand("pwd") with { WorkingDirectory = "to-root" }));
        var missing = Assert.Throws<InvalidExecRequestException>(() => sandbox.Start(ExecRequest.ForCommand("pwd") with { WorkingDirectory = "to-nothing" }));
        Assert.Equal(existing.Message.Replace("to-root", "X"), missing.Message.Replace("to-nothing", "X"));
        Assert.Throws<InvalidExecRequestException>(() => sandbox.Start(ExecRequest.ForCommand("pwd") with { WorkingDirectory = "inner/.ssh" }));
        var run = await sandbox.RunAsync(ExecRequest.ForCommand("pwd") with { WorkingDirectory = "real" }, TestContext.Current.CancellationToken);
        Assert.Equal("/workspace/real\n", run.Stdout);
    }
}

/// <summary>The same, each execution forked by the engine's fork server.</summary>
public sealed class WorkingDirectoryTestsWhenForked(ForkingEngineFixture fixture) : WorkingDirectoryTests(fixture), IClassFixture<ForkingEngineFixture>;

/// <summary>The same, each execution with a launcher chain of its own.</summary>
public sealed class WorkingDirectoryTestsWhenLaunched(LaunchingEngineFixture fixture) : WorkingDirectoryTests(fixture), IClassFixture<LaunchingEngineFixture>;
