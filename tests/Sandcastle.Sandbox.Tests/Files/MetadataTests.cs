using System.Diagnostics;
using Sandcastle.Sandbox.Files;

namespace Sandcastle.Sandbox.Tests.Files;

public sealed class MetadataTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_reports_name_path_type_size_and_mtime()
    {
        using var ws = new TempWorkspace();
        await ws.Fs.WriteTextAsync("b.txt", "12345", cancellationToken: Ct);
        ws.Fs.CreateDirectory("a");
        ws.Link("c-link", "b.txt");
        var mtime = new DateTimeOffset(2021, 3, 4, 5, 6, 7, TimeSpan.Zero);
        File.SetLastWriteTimeUtc(ws.Host("b.txt"), mtime.UtcDateTime);

        foreach (var root in new[] { "", ".", "/workspace", "/workspace/" })
        {
            var entries = ws.Fs.List(root);
            Assert.Equal(["a", "b.txt", "c-link"], entries.Select(e => e.Name).ToArray());
            Assert.Equal(new WorkspaceEntry("b.txt", "b.txt", WorkspaceEntryType.File, 5, mtime), entries[1]);
            Assert.Equal(WorkspaceEntryType.Directory, entries[0].Type);
            Assert.Equal(0, entries[0].Size);
            Assert.Equal(WorkspaceEntryType.Symlink, entries[2].Type);
            Assert.Equal("b.txt".Length, entries[2].Size);
        }
    }

    [Fact]
    public async Task Absurd_mtimes_do_not_break_listing()
    {
        // tmpfs keeps 64-bit timestamps; ext4 would clamp them to its own range.
        using var ws = new TempWorkspace(parent: "/dev/shm");
        await ws.Fs.WriteTextAsync("future.txt", "x", cancellationToken: Ct);
        await ws.Fs.WriteTextAsync("past.txt", "x", cancellationToken: Ct);
        await RunAsync("touch", "-h", "-d", "@99999999999999", ws.Host("future.txt"));
        await RunAsync("touch", "-h", "-d", "@-99999999999999", ws.Host("past.txt"));
        var entries = ws.Fs.List("");
        Assert.Equal(DateTimeOffset.MaxValue, entries[0].ModifiedAt);
        Assert.Equal(DateTimeOffset.MinValue, entries[1].ModifiedAt);
    }

    [Fact]
    public async Task Recursive_list_is_pre_order_with_workspace_relative_paths()
    {
        using var ws = new TempWorkspace();
        await ws.Fs.WriteTextAsync("dir/a.txt", "a", createParents: true, cancellationToken: Ct);
        await ws.Fs.WriteTextAsync("dir/sub/b.txt", "bb", createParents: true, cancellationToken: Ct);
        await ws.Fs.WriteTextAsync("z.txt", "z", cancellationToken: Ct);
        Assert.Equal(
            ["dir", "dir/a.txt", "dir/sub", "dir/sub/b.txt", "z.txt"],
            ws.Fs.List("", recursive: true).Select(e => e.Path).ToArray());
        Assert.Equal(["dir/sub/b.txt"], ws.Fs.List("/workspace/dir/sub", recursive: true).Select(e => e.Path).ToArray());
        Assert.Equal(["dir/a.txt", "dir/sub"], ws.Fs.List("dir").Select(e => e.Path).ToArray());
    }

    [Fact]
    public async Task List_errors_are_clear()
    {
        using var ws = new TempWorkspace();
        await ws.Fs.WriteTextAsync("f.txt", "x", cancellationToken: Ct);
        Assert.Throws<DirectoryNotFoundException>(() => ws.Fs.List("missing"));
        var notDir = Assert.Throws<IOException>(() => ws.Fs.List("f.txt"));
        Assert.Contains("not a directory", notDir.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stat_and_exists()
    {
        using var ws = new TempWorkspace();
        await ws.Fs.WriteTextAsync("d/f.txt", "abc", createParents: true, cancellationToken: Ct);
        ws.Link("dangling", "nowhere");
        Assert.Equal(WorkspaceEntryType.File, ws.Fs.Stat("d/f.txt")!.Type);
        Assert.Equal(3, ws.Fs.Stat("/workspace/d/f.txt")!.Size);
        Assert.Equal(WorkspaceEntryType.Directory, ws.Fs.Stat("d")!.Type);
        Assert.Equal(WorkspaceEntryType.Symlink, ws.Fs.Stat("dangling")!.Type);
        Assert.Equal(WorkspaceEntryType.Directory, ws.Fs.Stat("")!.Type);
        Assert.Null(ws.Fs.Stat("missing"));
        Assert.Null(ws.Fs.Stat("d/f.txt/below"));
        Assert.True(ws.Fs.Exists("d/f.txt"));
        Assert.True(ws.Fs.Exists("dangling"));
        Assert.False(ws.Fs.Exists("missing/deeper"));
    }

    [Fact]
    public async Task CreateDirectory_is_mkdir_p()
    {
        using var ws = new TempWorkspace();
        ws.Fs.CreateDirectory("a/b/c");
        ws.Fs.CreateDirectory("a/b/c");
        ws.Fs.CreateDirectory("/workspace/a/b/d");
        Assert.True(Directory.Exists(ws.Host("a/b/c")));
        Assert.True(Directory.Exists(ws.Host("a/b/d")));
        Assert.Equal((uint)TempWorkspace.OwnerUid, TempWorkspace.LStat(ws.Host("a/b")).Uid);
        await ws.Fs.WriteTextAsync("file", "x", cancellationToken: Ct);
        Assert.Throws<IOException>(() => ws.Fs.CreateDirectory("file"));
        Assert.Throws<IOException>(() => ws.Fs.CreateDirectory("file/sub"));
    }

    [Fact]
    public async Task Delete_files_directories_and_links()
    {
        using var ws = new TempWorkspace();
        await ws.Fs.WriteTextAsync("tree/a/b/c.txt", "c", createParents: true, cancellationToken: Ct);
        await ws.Fs.WriteTextAsync("tree/d.txt", "d", cancellationToken: Ct);
        await ws.Fs.WriteTextAsync("keep.txt", "k", cancellationToken: Ct);
        ws.Link("tree/to-keep", "../keep.txt");
        ws.Link("keep-link", "keep.txt");

        var notEmpty = Assert.Throws<IOException>(() => ws.Fs.Delete("tree"));
        Assert.Contains("not empty", notEmpty.Message, StringComparison.Ordinal);
        Assert.Contains("tree", notEmpty.Message, StringComparison.Ordinal);

        ws.Fs.Delete("keep-link");
        Assert.False(ws.Fs.Exists("keep-link"));
        Assert.True(ws.Fs.Exists("keep.txt"));

        ws.Fs.Delete("tree", recursive: true);
        Assert.False(Directory.Exists(ws.Host("tree")));
        Assert.Equal("k", await ws.Fs.ReadTextAsync("keep.txt", Ct));

        ws.Fs.CreateDirectory("empty");
        ws.Fs.Delete("empty");
        ws.Fs.Delete("keep.txt");
        Assert.Empty(ws.Fs.List(""));
        Assert.Throws<FileNotFoundException>(() => ws.Fs.Delete("keep.txt"));
        Assert.Throws<WorkspacePathException>(() => ws.Fs.Delete(""));
    }

    [Fact]
    public async Task Move_renames_and_respects_overwrite()
    {
        using var ws = new TempWorkspace();
        await ws.Fs.WriteTextAsync("a.txt", "A", cancellationToken: Ct);
        await ws.Fs.WriteTextAsync("b.txt", "B", cancellationToken: Ct);

        var exists = Assert.Throws<IOException>(() => ws.Fs.Move("a.txt", "b.txt"));
        Assert.Contains("already exists", exists.Message, StringComparison.Ordinal);
        Assert.Equal("A", await ws.Fs.ReadTextAsync("a.txt", Ct));
        Assert.Equal("B", await ws.Fs.ReadTextAsync("b.txt", Ct));

        ws.Fs.Move("a.txt", "b.txt", overwrite: true);
        Assert.False(ws.Fs.Exists("a.txt"));
        Assert.Equal("A", await ws.Fs.ReadTextAsync("b.txt", Ct));

        ws.Fs.CreateDirectory("dir/sub");
        ws.Fs.Move("b.txt", "dir/sub/c.txt");
        ws.Fs.Move("dir", "/workspace/renamed");
        Assert.Equal("A", await ws.Fs.ReadTextAsync("renamed/sub/c.txt", Ct));

        Assert.Throws<FileNotFoundException>(() => ws.Fs.Move("missing", "x"));
        Assert.Throws<DirectoryNotFoundException>(() => ws.Fs.Move("renamed", "nope/x"));
        Assert.Throws<IOException>(() => ws.Fs.Move("renamed", "renamed/sub/inside"));
    }

    [Fact]
    public async Task Usage_counts_regular_files_only()
    {
        using var ws = new TempWorkspace();
        await ws.Fs.WriteBytesAsync("a.bin", new byte[1000], cancellationToken: Ct);
        await ws.Fs.WriteBytesAsync("d/e/b.bin", new byte[234], createParents: true, cancellationToken: Ct);
        ws.Link("link", "a.bin");
        ws.Link("out", ws.SentinelPath);
        Assert.Equal(1234, ws.Fs.GetUsageBytes());
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(program, arguments);
        await process.WaitForExitAsync(Ct);
        Assert.Equal(0, process.ExitCode);
    }
}
