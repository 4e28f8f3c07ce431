using System.Formats.Tar;
using Sandcastle.Sandbox.Files.Archives;

namespace Sandcastle.Sandbox.Tests.Archives;

/// <summary>
/// Snapshots of real sandboxes: what sandboxed code plants to reach the host (links out, FIFOs, a file swapped
/// for a link) is left out, a restore replaces the workspace whole, and a refused one leaves it as it was.
/// </summary>
public abstract class SandboxArchiveTests(SandboxEngineFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_snapshot_of_a_hostile_workspace_keeps_its_files_and_nothing_of_the_host()
    {
        await using var source = fixture.Engine.CreateEphemeral();
        var planted = await source.Bash("""
            echo hello > a.txt && mkdir -p d && echo deep > d/b.txt && ln -s ../a.txt d/inner
            ln -s /etc/shadow shadow && ln -s /etc etc && ln -s ../../../.. up && mkfifo fifo && ln a.txt hard
            python3 -c 'import socket; s=socket.socket(socket.AF_UNIX); s.bind("sock")'
            """);
        Assert.True(planted.Result.Success, planted.Stderr);

        var archive = new MemoryStream();
        var summary = await source.WriteArchiveAsync(archive, Ct);
        Assert.Equal(5, summary.Skipped);

        await using var target = fixture.Engine.CreateEphemeral();
        await target.Bash("echo old > old.txt");
        archive.Position = 0;
        await target.RestoreArchiveAsync(archive, WorkspaceArchiveLimits.Default, Ct);
        var run = await target.Bash("ls -A | tr '\\n' ' '; cat a.txt d/b.txt d/inner hard; echo $(stat -c %u a.txt) $(id -u); touch new && echo writable");
        var uid = (await target.Bash("id -u")).Stdout.Trim();
        Assert.Equal($"a.txt d hard hello\ndeep\nhello\nhello\n{uid} {uid}\nwritable\n", run.Stdout);
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(target.WorkspacePath)!, "restoring")));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(64L * 1024 * 1024)]
    public async Task An_empty_workspace_snapshots_to_an_archive_that_restores(long quotaBytes)
    {
        // With a quota the workspace is a file system of its own (its lost+found is not the sandbox's).
        await using var source = fixture.Engine.CreateEphemeral(SandboxLimits.Default with { WorkspaceQuotaBytes = quotaBytes });
        var archive = new MemoryStream();
        var summary = await source.WriteArchiveAsync(archive, Ct);
        Assert.Equal(0, summary.Entries);

        await using var target = fixture.Engine.CreateEphemeral(SandboxLimits.Default with { WorkspaceQuotaBytes = quotaBytes });
        await target.Bash("echo old > old.txt");
        archive.Position = 0;
        var restored = await target.RestoreArchiveAsync(archive, WorkspaceArchiveLimits.Default, Ct);
        Assert.Equal(0, restored.Entries);
        Assert.Equal("empty\n", (await target.Bash("ls -A; echo empty")).Stdout);
    }

    [Fact]
    public async Task A_refused_restore_leaves_the_workspace_as_it_was()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        await sandbox.Bash("echo mine > mine.txt");
        using var hostile = HostileArchive.Build(
            HostileArchive.File("ok.txt", "ok"),
            new PaxTarEntry(TarEntryType.SymbolicLink, "link") { LinkName = "/etc" },
            HostileArchive.File("link/passwd", "pwned"));

        await Assert.ThrowsAsync<WorkspaceArchiveException>(() => sandbox.RestoreArchiveAsync(hostile, WorkspaceArchiveLimits.Default, Ct));

        var run = await sandbox.Bash("ls -A | tr '\\n' ' '; cat mine.txt");
        Assert.Equal("mine.txt mine\n", run.Stdout);
        Assert.DoesNotContain("pwned", await File.ReadAllTextAsync("/etc/passwd", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restore_past_the_sandbox_quota_is_refused()
    {
        await using var source = fixture.Engine.CreateEphemeral();
        await source.Bash("head -c 3000000 /dev/zero > big");
        var archive = new MemoryStream();
        await source.WriteArchiveAsync(archive, Ct);

        await using var small = fixture.Engine.CreateEphemeral(SandboxLimits.Default with { WorkspaceQuotaBytes = 1024 * 1024 });
        archive.Position = 0;
        var error = await Assert.ThrowsAsync<WorkspaceArchiveException>(() => small.RestoreArchiveAsync(archive, WorkspaceArchiveLimits.Default, Ct));
        Assert.Contains("1048576 bytes", error.Message, StringComparison.Ordinal);
    }
}

public sealed class SandboxArchiveTestsWhenForked(ForkingEngineFixture fixture) : SandboxArchiveTests(fixture), IClassFixture<ForkingEngineFixture>;

public sealed class SandboxArchiveTestsWhenLaunched(LaunchingEngineFixture fixture) : SandboxArchiveTests(fixture), IClassFixture<LaunchingEngineFixture>;
