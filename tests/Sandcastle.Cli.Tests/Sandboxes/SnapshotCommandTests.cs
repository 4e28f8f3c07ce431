using System.Net.Http.Json;
using Sandcastle.Cli.Tests.Infrastructure;

namespace Sandcastle.Cli.Tests.Sandboxes;

/// <summary><c>sandcastle sandbox snapshot|restore|fork</c>, on this machine's sandboxes and on a server's.</summary>
public sealed class SnapshotCommandTests : IDisposable
{
    private readonly CliHome _home = new();

    [Fact]
    public async Task LocalSandboxes_CanBeSnapshottedRestoredAndForked()
    {
        var made = await _home.RunAsync("exec", "-l", "bash", "-c", "mkdir -p d && echo v1 > d/a.txt", "--sandbox", "snapped");
        Assert.True(made.ExitCode == 0, made.ToString());

        var snapshot = await _home.RunAsync("sandbox", "snapshot", "snapped");
        Assert.True(snapshot.ExitCode == 0, snapshot.ToString());
        var id = snapshot.Stdout.Trim();
        Assert.StartsWith("snap-", id);

        await _home.RunAsync("exec", "-l", "bash", "-c", "echo v2 > d/a.txt && touch later", "--sandbox", "snapped");
        var list = await _home.RunAsync("sandbox", "snapshot", "snapped", "--list");
        var restore = await _home.RunAsync("sandbox", "restore", "snapped", id);
        var restored = await _home.RunAsync("exec", "-l", "bash", "-c", "cat d/a.txt; ls", "--sandbox", "snapped");
        var fork = await _home.RunAsync("sandbox", "fork", id, "forked");
        var forked = await _home.RunAsync("sandbox", "files", "forked", "d/a.txt");
        var forkAgain = await _home.RunAsync("sandbox", "fork", id, "forked");
        var unknown = await _home.RunAsync("sandbox", "restore", "snapped", "snap-0000000000000000");
        var badId = await _home.RunAsync("sandbox", "restore", "snapped", "../../etc");
        var noSandbox = await _home.RunAsync("sandbox", "snapshot", "nothing-here");

        Assert.Contains(id, list.Stdout);
        Assert.Equal($"Restored snapped from {id}\n", restore.Stdout);
        Assert.Equal("v1\nd\n", restored.Stdout);
        Assert.True(fork.ExitCode == 0, fork.ToString());
        Assert.Equal("v1\n", forked.Stdout);
        Assert.Equal(1, forkAgain.ExitCode);
        Assert.Contains("already exists", forkAgain.Stderr);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no snapshot named snap-0000000000000000", unknown.Stderr);
        Assert.Equal(2, badId.ExitCode);
        Assert.Equal(1, noSandbox.ExitCode);
        Assert.Contains("no sandbox named nothing-here", noSandbox.Stderr);
    }

    [Fact]
    public async Task ServerSandboxes_CanBeSnapshottedRestoredAndForked()
    {
        await using var server = await InProcessServer.StartAsync(new Dictionary<string, string?>());
        using var http = new HttpClient { BaseAddress = new Uri(server.Url) };
        var ct = TestContext.Current.CancellationToken;
        await http.PutAsync("/v1/sandboxes/remote", null, ct);
        await http.PutAsync("/v1/sandboxes/remote/files/a.txt", new StringContent("v1"), ct);

        var snapshot = await _home.RunAsync("sandbox", "snapshot", "remote", "--server", server.Url);
        Assert.True(snapshot.ExitCode == 0, snapshot.ToString());
        var id = snapshot.Stdout.Trim();
        await http.PutAsync("/v1/sandboxes/remote/files/a.txt", new StringContent("v2"), ct);
        var list = await _home.RunAsync("sandbox", "snapshot", "remote", "--list", "--server", server.Url);
        var restore = await _home.RunAsync("sandbox", "restore", "remote", id, "--server", server.Url);
        var fork = await _home.RunAsync("sandbox", "fork", id, "remote-copy", "--server", server.Url);
        var forkAgain = await _home.RunAsync("sandbox", "fork", id, "remote-copy", "--server", server.Url);
        var unknown = await _home.RunAsync("sandbox", "restore", "remote", "snap-0000000000000000", "--server", server.Url);

        Assert.Contains(id, list.Stdout);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Equal("v1", await http.GetStringAsync("/v1/sandboxes/remote/files/a.txt", ct));
        Assert.True(fork.ExitCode == 0, fork.ToString());
        Assert.Equal("v1", await http.GetStringAsync("/v1/sandboxes/remote-copy/files/a.txt", ct));
        Assert.Equal(1, forkAgain.ExitCode);
        Assert.Contains("already exists", forkAgain.Stderr);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("snap-0000000000000000", unknown.Stderr);
    }

    public void Dispose() => _home.Dispose();
}
