using Sandcastle.Sandbox.Files;

namespace Sandcastle.Sandbox.Tests;

/// <summary>The host's file API and the sandboxed program see the same workspace.</summary>
public sealed class WorkspaceFilesTests(SandboxEngineFixture fixture) : IClassFixture<SandboxEngineFixture>
{
    [Fact]
    public async Task BinaryFile_RoundTrips_BetweenHostAndSandbox()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var sandbox = fixture.Engine.CreateEphemeral();
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        await sandbox.Files.WriteBytesAsync("data/in.bin", bytes, createParents: true, cancellationToken: cancellationToken);

        var run = await sandbox.Python("data = open('data/in.bin', 'rb').read()\nopen('data/out.bin', 'wb').write(bytes(reversed(data)))\nprint(len(data))");

        Assert.Equal("256\n", run.Stdout);
        Assert.Equal(bytes.Reverse().ToArray(), await sandbox.Files.ReadBytesAsync("/workspace/data/out.bin", cancellationToken));
        Assert.Contains(sandbox.Files.List("data"), e => e.Name == "out.bin" && e.Size == 256);
    }

    [Fact]
    public async Task SymlinkPlantedBySandboxedCode_DoesNotLeadTheHostOut()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await sandbox.Bash("ln -s /etc etc-link; ln -s ../../../../../../etc/passwd passwd-link");
        Assert.Throws<WorkspacePathException>(() => sandbox.Files.OpenRead("etc-link/passwd"));
        Assert.Throws<WorkspacePathException>(() => sandbox.Files.OpenRead("passwd-link"));
        await Assert.ThrowsAsync<WorkspacePathException>(() => sandbox.Files.WriteTextAsync("etc-link/pwned", "x", cancellationToken: TestContext.Current.CancellationToken));
        Assert.False(File.Exists("/etc/pwned"));
    }
}
