namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>
/// Oversized commands and environments are the caller's error, reported as such (a 4xx over HTTP), not a
/// launcher failure that reads as the sandbox being down.
/// </summary>
public abstract class ArgumentSizeTests(SandboxEngineFixture fixture)
{
    [Fact]
    public async Task AHugeCommand_IsRefusedAsABadRequest()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        var command = "echo " + new string('a', 300_000);
        var error = Assert.Throws<InvalidExecRequestException>(() => sandbox.Start(ExecRequest.ForCommand(command)));
        Assert.Contains("as Bash code", error.Message);
    }

    [Fact]
    public async Task AHugeEnvironment_IsRefusedAsABadRequest()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        var environment = Enumerable.Range(0, 40).ToDictionary(i => $"BIG{i}", _ => new string('x', 100_000));
        var error = Assert.Throws<InvalidExecRequestException>(
            () => sandbox.Start(ExecRequest.ForCommand("true") with { Environment = environment }));
        Assert.Contains("environment", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task HugeCode_StillRuns_BecauseItTravelsAsAFile()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        var code = string.Concat(Enumerable.Repeat("x = 1\n", 100_000)) + "print('ran', x)";
        var run = await sandbox.Python(code);
        Assert.Equal("ran 1\n", run.Stdout);
    }

    [Fact]
    public async Task AHugeArgvBuiltInside_FailsInside_AsItWouldAnywhere()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        var run = await sandbox.Bash("/bin/true $(head -c 3000000 /dev/zero | tr '\\0' 'a'); echo exit=$?");
        Assert.Contains("Argument list too long", run.Stderr);
        Assert.Contains("exit=126", run.Stdout);
    }
}

/// <summary>The same, each execution forked by the engine's fork server.</summary>
public sealed class ArgumentSizeTestsWhenForked(ForkingEngineFixture fixture) : ArgumentSizeTests(fixture), IClassFixture<ForkingEngineFixture>;

/// <summary>The same, each execution with a launcher chain of its own.</summary>
public sealed class ArgumentSizeTestsWhenLaunched(LaunchingEngineFixture fixture) : ArgumentSizeTests(fixture), IClassFixture<LaunchingEngineFixture>;
