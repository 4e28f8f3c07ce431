namespace Sandcastle.Sandbox.Tests;

/// <summary>The engine refuses limits no program can run under, naming the accepted range, instead of starting a doomed run.</summary>
public sealed class LimitRangeTests(SandboxEngineFixture fixture) : IClassFixture<SandboxEngineFixture>
{
    private SandboxEngine Engine => fixture.Engine;

    [Fact]
    public void OneByteMemory_IsRefused_ForANewSandbox()
    {
        var error = Assert.Throws<InvalidSandboxLimitsException>(() => Engine.CreateEphemeral(SandboxLimits.Default with { MemoryBytes = 1 }));

        Assert.Contains("MemoryBytes must be from 16777216", error.Message);
    }

    [Fact]
    public async Task FourKilobyteMemory_IsRefused_ForOneExecution()
    {
        await using var sandbox = Engine.CreateEphemeral();

        var error = Assert.Throws<InvalidSandboxLimitsException>(() =>
            sandbox.Start(ExecRequest.ForCommand("true") with { Limits = sandbox.Limits with { MemoryBytes = 4096 } }));

        Assert.Contains("16 MB", error.Message);
    }

    [Fact]
    public async Task ZeroProcesses_IsRefused_ForASandboxsLimits()
    {
        await using var sandbox = Engine.CreateEphemeral();

        Assert.Throws<InvalidSandboxLimitsException>(() => sandbox.Limits = sandbox.Limits with { MaxProcesses = 0 });
    }
}
