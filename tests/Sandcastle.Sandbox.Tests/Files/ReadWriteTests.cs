using System.Diagnostics;
using System.Security.Cryptography;
using Sandcastle.Sandbox.Files;

namespace Sandcastle.Sandbox.Tests.Files;

public sealed class ReadWriteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Text_round_trips()
    {
        using var ws = new TempWorkspace();
        const string text = "héllo wörld — 日本語 🎉\nline 2\n";
        await ws.Fs.WriteTextAsync("a.txt", text, cancellationToken: Ct);
        Assert.Equal(text, await ws.Fs.ReadTextAsync("a.txt", Ct));
        Assert.Equal(text, await File.ReadAllTextAsync(ws.Host("a.txt"), Ct));
        Assert.Equal(text, await ws.Fs.ReadTextAsync("/workspace/a.txt", Ct));
        Assert.Equal(text, await ws.Fs.ReadTextAsync("./a.txt", Ct));
    }

    [Fact]
    public async Task All_byte_values_round_trip()
    {
        using var ws = new TempWorkspace();
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        await ws.Fs.WriteBytesAsync("bin/all.bin", bytes, createParents: true, cancellationToken: Ct);
        Assert.Equal(bytes, await ws.Fs.ReadBytesAsync("bin/all.bin", Ct));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(ws.Host("bin/all.bin"), Ct));
    }

    [Fact]
    public async Task Twenty_megabytes_stream_both_ways()
    {
        using var ws = new TempWorkspace(quotaBytes: 64L << 20);
        const long size = 20L << 20;
        await ws.Fs.WriteAsync("big.bin", new GeneratedStream(size, seed: 7), cancellationToken: Ct);

        using var expected = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var source = new GeneratedStream(size, seed: 7);
        var chunk = new byte[81920];
        int n;
        while ((n = await source.ReadAsync(chunk, Ct)) > 0)
            expected.AppendData(chunk, 0, n);

        using var actual = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        await using (var stream = ws.Fs.OpenRead("big.bin"))
        {
            while ((n = await stream.ReadAsync(chunk, Ct)) > 0)
            {
                actual.AppendData(chunk, 0, n);
                total += n;
            }
        }
        Assert.Equal(size, total);
        Assert.Equal(expected.GetHashAndReset(), actual.GetHashAndReset());
        Assert.Equal(size, ws.Fs.GetUsageBytes());
    }

    [Fact]
    public async Task Unicode_names_work()
    {
        using var ws = new TempWorkspace();
        const string path = "données/日本語 ファイル 🎉.txt";
        await ws.Fs.WriteTextAsync(path, "ok", createParents: true, cancellationToken: Ct);
        Assert.True(File.Exists(ws.Host(path)));
        var entry = Assert.Single(ws.Fs.List("données"));
        Assert.Equal("日本語 ファイル 🎉.txt", entry.Name);
        Assert.Equal(path, entry.Path);
        Assert.Equal("ok", await ws.Fs.ReadTextAsync(path, Ct));
    }

    [Fact]
    public async Task Writes_truncate()
    {
        using var ws = new TempWorkspace();
        await ws.Fs.WriteTextAsync("a.txt", "a much longer first version", cancellationToken: Ct);
        await ws.Fs.WriteTextAsync("a.txt", "short", cancellationToken: Ct);
        Assert.Equal("short", await ws.Fs.ReadTextAsync("a.txt", Ct));
    }

    [Fact]
    public async Task Created_files_and_parents_belong_to_the_sandbox_user()
    {
        using var ws = new TempWorkspace();
        await ws.Fs.WriteTextAsync("x/y/z.txt", "data", createParents: true, cancellationToken: Ct);
        foreach (var (path, mode) in new[] { ("x", 0x1ED), ("x/y", 0x1ED), ("x/y/z.txt", 0x1A4) })
        {
            var stat = TempWorkspace.LStat(ws.Host(path));
            Assert.Equal((uint)TempWorkspace.OwnerUid, stat.Uid);
            Assert.Equal((uint)TempWorkspace.OwnerGid, stat.Gid);
            Assert.Equal(mode, stat.Mode & 0xFFF);
        }
    }

    [Fact]
    public async Task Explicit_mode_is_applied_without_special_bits()
    {
        using var ws = new TempWorkspace();
        await ws.Fs.WriteTextAsync("run.sh", "#!/bin/sh\n", mode: (UnixFileMode)0xDED /* 06755 */, cancellationToken: Ct);
        Assert.Equal(0x1ED, TempWorkspace.LStat(ws.Host("run.sh")).Mode & 0xFFF);
        ws.Fs.CreateDirectory("private", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.Equal(0x1C0, TempWorkspace.LStat(ws.Host("private")).Mode & 0xFFF);
    }

    [Fact]
    public async Task Missing_parent_without_createParents_is_a_clear_error()
    {
        using var ws = new TempWorkspace();
        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => ws.Fs.WriteTextAsync("nope/a.txt", "x", cancellationToken: Ct));
        Assert.Contains("nope/a.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_missing_files_and_directories_fails_clearly()
    {
        using var ws = new TempWorkspace();
        var missing = await Assert.ThrowsAsync<FileNotFoundException>(() => ws.Fs.ReadTextAsync("dir/missing.txt", Ct));
        Assert.Equal("dir/missing.txt", missing.FileName);
        ws.Fs.CreateDirectory("dir");
        var isDir = await Assert.ThrowsAsync<IOException>(() => ws.Fs.ReadTextAsync("dir", Ct));
        Assert.Contains("is a directory", isDir.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<IOException>(() => ws.Fs.WriteTextAsync("dir", "x", cancellationToken: Ct));
    }

    [Fact]
    public async Task Fifos_are_refused_without_blocking()
    {
        using var ws = new TempWorkspace();
        using (var mkfifo = Process.Start("mkfifo", ws.Host("pipe")))
            await mkfifo.WaitForExitAsync(Ct);
        await Assert.ThrowsAsync<IOException>(() => ws.Fs.ReadTextAsync("pipe", Ct)).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await Assert.ThrowsAsync<IOException>(() => ws.Fs.WriteTextAsync("pipe", "x", cancellationToken: Ct)).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(WorkspaceEntryType.Other, ws.Fs.Stat("pipe")!.Type);
    }

    [Fact]
    public async Task Symlinks_inside_the_workspace_are_followed_for_io()
    {
        using var ws = new TempWorkspace();
        await ws.Fs.WriteTextAsync("real/file.txt", "inside", createParents: true, cancellationToken: Ct);
        ws.Link("alias", "real");
        ws.Link("real/up", "../real/file.txt");
        Assert.Equal("inside", await ws.Fs.ReadTextAsync("alias/file.txt", Ct));
        Assert.Equal("inside", await ws.Fs.ReadTextAsync("real/up", Ct));
        await ws.Fs.WriteTextAsync("alias/new.txt", "via link", cancellationToken: Ct);
        Assert.Equal("via link", await File.ReadAllTextAsync(ws.Host("real/new.txt"), Ct));
        Assert.Equal(["alias/file.txt", "alias/new.txt", "alias/up"], ws.Fs.List("alias").Select(e => e.Path).ToArray());
    }
}
