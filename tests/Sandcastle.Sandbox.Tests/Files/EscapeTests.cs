using Sandcastle.Sandbox.Files;

namespace Sandcastle.Sandbox.Tests.Files;

/// <summary>Paths and symlinks planted by sandboxed code that try to reach the host.</summary>
public sealed class EscapeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../x")]
    [InlineData("/workspace/../outside/secret.txt")]
    [InlineData("secret\0.txt")]
    [InlineData("")]
    public async Task Malformed_paths_are_refused_everywhere(string path)
    {
        using var ws = new TempWorkspace();
        await Assert.ThrowsAsync<WorkspacePathException>(() => ws.Fs.ReadTextAsync(path, Ct));
        await Assert.ThrowsAsync<WorkspacePathException>(() => ws.Fs.WriteTextAsync(path, "x", createParents: true, cancellationToken: Ct));
        Assert.Throws<WorkspacePathException>(() => ws.Fs.CreateDirectory(path));
        Assert.Throws<WorkspacePathException>(() => ws.Fs.Delete(path, recursive: true));
        Assert.Throws<WorkspacePathException>(() => ws.Fs.Move(path, "x"));
        Assert.Throws<WorkspacePathException>(() => ws.Fs.Move("x", path));
        if (path.Length > 0)
        {
            Assert.Throws<WorkspacePathException>(() => ws.Fs.List(path));
            Assert.Throws<WorkspacePathException>(() => ws.Fs.Exists(path));
        }
        ws.AssertOutsideUntouched();
    }

    [Theory]
    [InlineData("/etc", "link/passwd")]
    [InlineData("/etc/shadow", "link")]
    [InlineData("/proc/self/root/etc", "link/passwd")]
    [InlineData("../../../..", "link/etc/passwd")]
    [InlineData("../outside", "link/secret.txt")]
    [InlineData("../outside/secret.txt", "link")]
    [InlineData("/workspace", "link/anything")]
    public async Task Symlinks_leading_out_cannot_be_read(string target, string path)
    {
        using var ws = new TempWorkspace();
        ws.Link("link", target);
        var error = await Assert.ThrowsAsync<WorkspacePathException>(() => ws.Fs.ReadTextAsync(path, Ct));
        Assert.Contains("escapes the workspace", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Throws<WorkspacePathException>(() => ws.Fs.OpenRead(path));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Symlinks_leading_out_cannot_be_written_or_changed(bool absolute)
    {
        using var ws = new TempWorkspace();
        var target = absolute ? ws.Outside : "../outside";
        ws.Link("link", target);
        ws.Link("file-link", absolute ? ws.SentinelPath : "../outside/secret.txt");

        await Assert.ThrowsAsync<WorkspacePathException>(() => ws.Fs.WriteTextAsync("link/x", "pwned", cancellationToken: Ct));
        await Assert.ThrowsAsync<WorkspacePathException>(() => ws.Fs.WriteTextAsync("link/secret.txt", "pwned", cancellationToken: Ct));
        await Assert.ThrowsAsync<WorkspacePathException>(() => ws.Fs.WriteTextAsync("link/new/x", "pwned", createParents: true, cancellationToken: Ct));
        await Assert.ThrowsAsync<WorkspacePathException>(() => ws.Fs.WriteTextAsync("file-link", "pwned", cancellationToken: Ct));
        await Assert.ThrowsAsync<WorkspacePathException>(() => ws.Fs.ReadTextAsync("file-link", Ct));
        Assert.Throws<WorkspacePathException>(() => ws.Fs.CreateDirectory("link/made"));
        Assert.Throws<WorkspacePathException>(() => ws.Fs.Delete("link/secret.txt"));
        Assert.Throws<WorkspacePathException>(() => ws.Fs.Move("link/secret.txt", "stolen.txt"));
        Assert.Throws<WorkspacePathException>(() => ws.Fs.Move("file-link", "link/planted"));
        Assert.Throws<WorkspacePathException>(() => ws.Fs.List("link"));
        Assert.Throws<WorkspacePathException>(() => ws.Fs.Stat("link/secret.txt"));
        Assert.Throws<WorkspacePathException>(() => ws.Fs.Exists("link/secret.txt"));
        ws.AssertOutsideUntouched();
        Assert.False(File.Exists(ws.Host("stolen.txt")));
    }

    [Fact]
    public async Task A_symlink_in_a_middle_component_is_caught()
    {
        using var ws = new TempWorkspace();
        ws.Fs.CreateDirectory("a/b");
        ws.Link("a/b/mid", ws.Base);
        await Assert.ThrowsAsync<WorkspacePathException>(() => ws.Fs.ReadTextAsync("a/b/mid/outside/secret.txt", Ct));
        await Assert.ThrowsAsync<WorkspacePathException>(() => ws.Fs.WriteTextAsync("a/b/mid/outside/secret.txt", "pwned", cancellationToken: Ct));
        ws.Link("a/b/rel", "../../../outside");
        await Assert.ThrowsAsync<WorkspacePathException>(() => ws.Fs.ReadTextAsync("a/b/rel/secret.txt", Ct));
        await Assert.ThrowsAsync<WorkspacePathException>(() => ws.Fs.WriteTextAsync("a/b/rel/secret.txt", "pwned", cancellationToken: Ct));
        ws.AssertOutsideUntouched();
    }

    [Fact]
    public async Task Recursive_delete_list_and_usage_never_follow_links_out()
    {
        using var ws = new TempWorkspace();
        await ws.Fs.WriteTextAsync("dir/own.txt", "mine", createParents: true, cancellationToken: Ct);
        ws.Link("dir/out", ws.Outside);
        ws.Link("dir/rel", "../../outside");
        ws.Link("dir/file", ws.SentinelPath);
        await File.WriteAllBytesAsync(Path.Combine(ws.Base, "big-outside.bin"), new byte[100_000], Ct);
        ws.Link("dir/big", Path.Combine(ws.Base, "big-outside.bin"));

        var listed = ws.Fs.List("", recursive: true);
        Assert.Equal(["dir", "dir/big", "dir/file", "dir/out", "dir/own.txt", "dir/rel"], listed.Select(e => e.Path).ToArray());
        Assert.All(listed.Where(e => e.Name is "big" or "file" or "out" or "rel"), e => Assert.Equal(WorkspaceEntryType.Symlink, e.Type));
        Assert.Equal(4, ws.Fs.GetUsageBytes());

        ws.Fs.Delete("dir", recursive: true);
        Assert.False(ws.Fs.Exists("dir"));
        ws.AssertOutsideUntouched();
        Assert.True(File.Exists(Path.Combine(ws.Base, "big-outside.bin")));
    }
}
