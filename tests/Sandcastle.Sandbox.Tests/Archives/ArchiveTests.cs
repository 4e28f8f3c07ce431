using System.Formats.Tar;
using Sandcastle.Sandbox.Files;
using Sandcastle.Sandbox.Files.Archives;
using Sandcastle.Sandbox.Tests.Files;

namespace Sandcastle.Sandbox.Tests.Archives;

/// <summary>Workspace archives: what a snapshot keeps, and hostile archives refused on restore with nothing escaping.</summary>
public sealed class ArchiveTests
{
    private static readonly WorkspaceArchiveLimits Limits = new(1024 * 1024, 100);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_archive_restores_files_directories_modes_and_inner_links()
    {
        using var source = new TempWorkspace();
        await source.Fs.WriteTextAsync("a.txt", "alpha", cancellationToken: Ct);
        await source.Fs.WriteTextAsync("dir/sub/b.sh", "#!/bin/sh\necho b", createParents: true, mode: (UnixFileMode)0b111_101_101, cancellationToken: Ct);
        source.Fs.CreateDirectory("empty");
        source.Link("dir/to-a", "../a.txt");

        var archive = new MemoryStream();
        var written = source.Fs.WriteArchive(archive);
        Assert.Equal(new WorkspaceArchiveSummary(Entries: 6, Bytes: 5 + 16, Skipped: 0), written);

        using var target = new TempWorkspace();
        archive.Position = 0;
        var restored = await target.Fs.ExtractArchiveAsync(archive, Limits, Ct);
        Assert.Equal(6, restored.Entries);
        Assert.Equal("alpha", await target.Fs.ReadTextAsync("a.txt", Ct));
        Assert.Equal("alpha", await target.Fs.ReadTextAsync("dir/to-a", Ct));
        Assert.Equal("#!/bin/sh\necho b", await target.Fs.ReadTextAsync("dir/sub/b.sh", Ct));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(target.Host("dir/sub/b.sh")));
        Assert.Equal(WorkspaceEntryType.Directory, target.Fs.Stat("empty")!.Type);
        Assert.Equal(WorkspaceEntryType.Symlink, target.Fs.Stat("dir/to-a")!.Type);
        Assert.Equal("../a.txt", new FileInfo(target.Host("dir/to-a")).LinkTarget);
        Assert.Equal((uint)TempWorkspace.OwnerUid, TempWorkspace.LStat(target.Host("dir/sub/b.sh")).Uid);
    }

    [Fact]
    public async Task Archiving_leaves_out_links_leading_out_and_special_files_and_never_reads_through_them()
    {
        using var source = new TempWorkspace();
        await source.Fs.WriteTextAsync("kept.txt", "kept", cancellationToken: Ct);
        source.Link("abs", source.SentinelPath);
        source.Link("up", "../outside/secret.txt");
        source.Link("dir-out", source.Outside);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", source.Host("fifo")))
            await mkfifo.WaitForExitAsync(Ct);

        var archive = new MemoryStream();
        var written = source.Fs.WriteArchive(archive);
        Assert.Equal(new WorkspaceArchiveSummary(Entries: 1, Bytes: 4, Skipped: 4), written);

        using var target = new TempWorkspace();
        archive.Position = 0;
        await target.Fs.ExtractArchiveAsync(archive, Limits, Ct);
        Assert.Equal(["kept.txt"], target.Fs.List(recursive: true).Select(e => e.Path));
        source.AssertOutsideUntouched();
    }

    public static TheoryData<string, Func<TarEntry[]>, string> Hostile => new()
    {
        { "absolute path", () => [HostileArchive.File("/tmp/sandcastle-archive-escape", "x")], "absolute path" },
        { "dot-dot", () => [HostileArchive.File("../outside/secret.txt", "pwned")], "'..'" },
        { "dot-dot inside", () => [HostileArchive.File("a/../../outside/secret.txt", "pwned")], "'..'" },
        { "absolute symlink", () => [HostileArchive.Link(TarEntryType.SymbolicLink, "link", "/etc"), HostileArchive.File("link/x", "x")], "leads out" },
        { "relative symlink out", () => [HostileArchive.Link(TarEntryType.SymbolicLink, "link", "../outside"), HostileArchive.File("link/secret.txt", "pwned")], "leads out" },
        { "symlink out from a subdirectory", () => [HostileArchive.Link(TarEntryType.SymbolicLink, "a/b/link", "../../../outside/secret.txt")], "leads out" },
        { "hard link", () => [HostileArchive.Link(TarEntryType.HardLink, "passwd", "/etc/passwd")], "hard link" },
        { "character device", () => [HostileArchive.Device(TarEntryType.CharacterDevice, "mem")], "character device" },
        { "block device", () => [HostileArchive.Device(TarEntryType.BlockDevice, "sda")], "block device" },
        { "fifo", () => [new PaxTarEntry(TarEntryType.Fifo, "fifo")], "FIFO" },
        { "file over the size cap", () => [HostileArchive.File("big", 2 * 1024 * 1024)], "bytes" },
        { "files over the size cap together", () => [.. Enumerable.Range(0, 5).Select(i => HostileArchive.File($"f{i}", 300 * 1024))], "bytes" },
        { "too many entries", () => [.. Enumerable.Range(0, 101).Select(i => HostileArchive.File($"f{i}", "x"))], "more than 100 entries" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_archive_is_refused_with_nothing_written_outside(string attack, Func<TarEntry[]> entries, string reason)
    {
        using var target = new TempWorkspace();
        using var archive = HostileArchive.Build(entries());
        var error = await Assert.ThrowsAsync<WorkspaceArchiveException>(() => target.Fs.ExtractArchiveAsync(archive, Limits, Ct));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        target.AssertOutsideUntouched();
        Assert.False(File.Exists("/tmp/sandcastle-archive-escape"), attack);
        Assert.False(File.Exists(Path.Combine(target.Base, "secret.txt")), attack);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4 })]
    [InlineData(new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff })]
    public async Task A_malformed_archive_is_refused(byte[] bytes)
    {
        using var target = new TempWorkspace();
        await Assert.ThrowsAsync<WorkspaceArchiveException>(() => target.Fs.ExtractArchiveAsync(new MemoryStream(bytes), Limits, Ct));
    }

    [Theory]
    [InlineData('x')]
    [InlineData('g')]
    [InlineData('L')]
    public async Task A_header_entry_claiming_gigabytes_is_refused_before_anything_is_allocated_for_it(char type)
    {
        // The tar reader would allocate the declared size up front: 1.5 GB for a 200-byte download.
        using var target = new TempWorkspace();
        using var archive = HostileArchive.RawHeader(type, 1_500_000_000);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var error = await Assert.ThrowsAsync<WorkspaceArchiveException>(() => target.Fs.ExtractArchiveAsync(archive, Limits, Ct));
        Assert.Contains("1500000000-byte header entry", error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 500_000_000, "the declared size was allocated");
    }

    [Fact]
    public async Task A_compression_bomb_is_stopped_at_the_cap()
    {
        // 64 MB of zeros in one entry compresses to ~64 KB; the cap is 1 MB of content.
        using var target = new TempWorkspace();
        using var archive = HostileArchive.Build(HostileArchive.File("zeros", 64 * 1024 * 1024));
        Assert.True(archive.Length < 1024 * 1024);
        await Assert.ThrowsAsync<WorkspaceArchiveException>(() => target.Fs.ExtractArchiveAsync(archive, Limits, Ct));
        Assert.Empty(Directory.EnumerateFileSystemEntries(target.Root));
    }
}
