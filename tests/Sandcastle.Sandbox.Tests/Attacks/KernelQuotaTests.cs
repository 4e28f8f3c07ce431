using System.Diagnostics;
using Sandcastle.Sandbox.Files.Archives;
using Sandcastle.Sandbox.Volumes;

namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>
/// The workspace quota is the kernel's: a workspace is a file system of its own (a tmpfs for an ephemeral sandbox,
/// an ext4 image for a named one), so entries that hold no file bytes (empty files, directories, long symlinks) run
/// out too, bytes past the quota fail with ENOSPC, and the server measures a workspace with one statvfs whatever
/// it holds.
/// </summary>
public abstract class KernelQuotaTests(SandboxEngineFixture fixture)
{
    private const long OneMiB = 1024 * 1024;

    private SandboxEngine Engine => fixture.Engine;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Every kind of entry, 200k of them, each failure counted; the attack keeps going after the first refusal.
    private static string FillScript(string kind) => $$"""
        import errno, os
        os.chdir("/workspace")
        made, refused, codes = 0, 0, set()
        print("filling", flush=True)
        for i in range(200_000):
            try:
                if "{{kind}}" == "file":
                    open(f"f{i}", "w").close()
                elif "{{kind}}" == "dir":
                    os.mkdir(f"d{i}")
                else:
                    os.symlink("x" * 1000, f"l{i}")
                made += 1
            except OSError as e:
                refused += 1
                if not codes:
                    print("refused", errno.errorcode[e.errno], "after", made, flush=True)
                codes.add(errno.errorcode[e.errno])
                if refused >= 20_000:
                    break
        print("done", made, refused, ",".join(sorted(codes)))
        """;

    [Theory]
    [InlineData("file", true)]
    [InlineData("dir", true)]
    [InlineData("symlink", true)]
    [InlineData("file", false)]
    [InlineData("dir", false)]
    [InlineData("symlink", false)]
    public async Task EntriesWithoutBytes_StopAtTheKernelsLimit_AndAnotherTenantIsAnswered(string kind, bool ephemeral)
    {
        var limits = SandboxLimits.Default with { WorkspaceQuotaBytes = OneMiB, Timeout = TimeSpan.FromSeconds(60) };
        var sandbox = ephemeral ? Engine.CreateEphemeral(limits) : Engine.GetOrCreate($"fill-{Guid.NewGuid():N}"[..20], limits);
        await using var other = Engine.CreateEphemeral();
        try
        {
            Assert.NotNull(sandbox.MeasureVolume());
            // What an echo costs on this (shared, loaded) machine with no attack running, launcher chain included.
            var unloaded = new List<TimeSpan>();
            for (var i = 0; i < 5; i++)
            {
                var watch = Stopwatch.StartNew();
                Assert.Equal("1\n", (await other.Bash("echo 1")).Stdout);
                unloaded.Add(watch.Elapsed);
            }
            var fill = sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.Python, FillScript(kind)), Ct);
            var during = new List<TimeSpan>();
            while (!fill.IsCompleted)
            {
                var watch = Stopwatch.StartNew();
                var echo = await other.Bash("echo 1");
                during.Add(watch.Elapsed);
                Assert.Equal("1\n", echo.Stdout);
            }
            var run = await fill;

            // Entries run out first (empty files), or bytes (directories, long symlinks: a block each): either way the
            // kernel refuses with ENOSPC, and once the bytes are full the watcher also stops the program.
            var refusal = run.Stdout.Split('\n').FirstOrDefault(l => l.StartsWith("refused ", StringComparison.Ordinal));
            Assert.True(refusal is not null, $"{run.Result} {run.Stdout} {run.Stderr}");
            Assert.Contains(refusal.Split(' ')[1], new[] { "ENOSPC", "EDQUOT" });
            Assert.InRange(long.Parse(refusal.Split(' ')[3]), 1, VolumeSizing.Inodes(OneMiB));
            Assert.True(run.Result.Reason is ExitReason.DiskQuota || run.Stdout.Contains("done "), run.Stdout);
            // The median, not the slowest: other work on this shared machine comes and goes in spikes.
            var before = Median(unloaded);
            var duringMedian = during.Count > 0 ? Median(during) : TimeSpan.Zero;
            Assert.True(duringMedian < TimeSpan.FromSeconds(1) || duringMedian < before * 3, $"another sandbox's echo took {duringMedian} (median) during the fill, {before} before it");
            var usage = sandbox.MeasureVolume()!;
            Assert.InRange(usage.UsedEntries, 1, VolumeSizing.Inodes(OneMiB));
            Assert.InRange(usage.UsedBytes, 0, OneMiB + VolumeSizing.Tolerance(OneMiB));
        }
        finally
        {
            await Engine.DestroyAsync(sandbox.Id, Ct);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task BytesOverTheQuota_FailWithNoSpace(bool ephemeral)
    {
        var limits = SandboxLimits.Default with { WorkspaceQuotaBytes = 2 * OneMiB };
        var sandbox = ephemeral ? Engine.CreateEphemeral(limits) : Engine.GetOrCreate($"bytes-{Guid.NewGuid():N}"[..20], limits);
        try
        {
            var run = await sandbox.Bash("dd if=/dev/zero of=/workspace/big bs=64K count=64 2>&1");

            Assert.Contains("No space left on device", run.Stdout);
            Assert.InRange(new FileInfo(Path.Combine(sandbox.WorkspacePath, "big")).Length, OneMiB, 2 * OneMiB + VolumeSizing.Tolerance(2 * OneMiB));
            // The host's files API says what it always said: over the quota.
            await Assert.ThrowsAsync<WorkspaceQuotaExceededException>(() => sandbox.Files.WriteBytesAsync("more", new byte[512 * 1024], cancellationToken: Ct));
            Assert.Throws<WorkspaceQuotaExceededException>(() => sandbox.Start(ExecRequest.ForCommand("true")));
        }
        finally
        {
            await Engine.DestroyAsync(sandbox.Id, Ct);
        }
    }

    [Fact]
    public async Task AQuotaCheck_CostsTheSame_WithTenFilesAndAHundredThousand()
    {
        var limits = SandboxLimits.Default with { WorkspaceQuotaBytes = 512 * OneMiB };
        var few = Engine.GetOrCreate($"few-{Guid.NewGuid():N}"[..20], limits);
        var many = Engine.GetOrCreate($"many-{Guid.NewGuid():N}"[..20], limits);
        try
        {
            Assert.Equal(0, (await few.Bash("seq 1 10 | xargs touch")).Result.ExitCode);
            var filled = await many.Python("""
                import os
                os.mkdir("d")
                for i in range(100_000):
                    os.close(os.open(f"d/{i}", os.O_CREAT | os.O_WRONLY, 0o644))
                print(len(os.listdir("d")))
                """, limits with { Timeout = TimeSpan.FromSeconds(120) });
            Assert.True(filled.Stdout == "100000\n", $"{filled.Result} {filled.Stdout} {filled.Stderr}");

            var tenFiles = MedianCost(few);
            var hundredThousand = MedianCost(many);

            // A walk of 100k entries takes tens of milliseconds at least; one statvfs, microseconds.
            Assert.True(hundredThousand < TimeSpan.FromMilliseconds(1), $"100k files: {hundredThousand}");
            Assert.True(hundredThousand < tenFiles * 5 + TimeSpan.FromMicroseconds(200), $"10 files: {tenFiles}, 100k files: {hundredThousand}");
        }
        finally
        {
            await Engine.DestroyAsync(few.Id, Ct);
            await Engine.DestroyAsync(many.Id, Ct);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Destroy_WhileAProcessHoldsTheWorkspace_LeavesNoMountAndNoImage(bool ephemeral)
    {
        var limits = SandboxLimits.Default with { WorkspaceQuotaBytes = 8 * OneMiB };
        var sandbox = ephemeral ? Engine.CreateEphemeral(limits) : Engine.GetOrCreate($"unmount-{Guid.NewGuid():N}"[..20], limits);
        var mountPoint = sandbox.WorkspacePath;
        Assert.Contains(mountPoint, VolumeMounts.Of(fixture.DataRoot));
        var holder = sandbox.Start(ExecRequest.ForCommand("cd /workspace && exec 3>held && echo holding && sleep 60"));
        await foreach (var item in holder.ReadEventsAsync(Ct))
        {
            if (item is ExecOutput { Text: var text } && text.Contains("holding"))
                break;
        }

        Assert.True(await Engine.DestroyAsync(sandbox.Id, Ct));

        Assert.DoesNotContain(mountPoint, VolumeMounts.Of(fixture.DataRoot));
        Assert.False(Directory.Exists(mountPoint));
        Assert.False(Directory.Exists(Path.Combine(fixture.DataRoot, "sandboxes", sandbox.Id)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(fixture.DataRoot, "trash")));
    }

    [Fact]
    public async Task ANamedWorkspace_OutlivesTheEngine_AndKeepsItsQuota()
    {
        var dataRoot = Directory.CreateTempSubdirectory("sandcastle-restart-").FullName;
        var id = $"restart-{Guid.NewGuid():N}"[..20];
        var limits = SandboxLimits.Default with { WorkspaceQuotaBytes = 2 * OneMiB };
        try
        {
            await using (var first = NewEngine(dataRoot))
                Assert.Equal(0, (await first.GetOrCreate(id, limits).Bash("echo kept > note")).Result.ExitCode);
            Assert.Empty(VolumeMounts.Of(dataRoot));

            await using var second = NewEngine(dataRoot);
            var sandbox = second.Find(id);
            Assert.NotNull(sandbox);
            sandbox.Limits = limits;
            Assert.Equal("kept\n", (await sandbox.Bash("cat note")).Stdout);
            var fill = await sandbox.Bash("dd if=/dev/zero of=big bs=1M count=4 2>&1");
            Assert.True(fill.Stdout.Contains("No space left on device"), $"{fill.Result} {fill.Stdout} {fill.Stderr}");
        }
        finally
        {
            Directory.Delete(dataRoot, recursive: true);
        }
    }

    [Fact]
    public async Task AQuota_GrowsTheWorkspace_AndBelowWhatItHolds_RefusesRuns()
    {
        var id = $"resize-{Guid.NewGuid():N}"[..20];
        var sandbox = Engine.GetOrCreate(id, SandboxLimits.Default with { WorkspaceQuotaBytes = 2 * OneMiB });
        try
        {
            Assert.Equal(0, (await sandbox.Bash("head -c 1500000 /dev/zero > a")).Result.ExitCode);

            Engine.GetOrCreate(id, SandboxLimits.Default with { WorkspaceQuotaBytes = 8 * OneMiB });
            var grown = await sandbox.Bash("head -c 5000000 /dev/zero > b && echo grown");
            Assert.Equal("grown\n", grown.Stdout);
            Assert.InRange(sandbox.MeasureVolume()!.CapacityBytes, 8 * OneMiB, 9 * OneMiB);

            // Below what it holds (a lowered server default, say): the sandbox still opens, keeps its size, and runs
            // nothing until files are deleted.
            Engine.GetOrCreate(id, SandboxLimits.Default with { WorkspaceQuotaBytes = 4 * OneMiB });
            Assert.InRange(sandbox.MeasureVolume()!.CapacityBytes, 8 * OneMiB, 9 * OneMiB);
            Assert.Throws<WorkspaceQuotaExceededException>(() => sandbox.Start(ExecRequest.ForCommand("true")));
            sandbox.Files.Delete("b");
            Assert.Equal(0, (await sandbox.Bash("true")).Result.ExitCode);
        }
        finally
        {
            await Engine.DestroyAsync(id, Ct);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ARestore_ReplacesTheVolume_AndARefusedOneLeavesItAsItWas(bool ephemeral)
    {
        var limits = SandboxLimits.Default with { WorkspaceQuotaBytes = 4 * OneMiB };
        var sandbox = ephemeral ? Engine.CreateEphemeral(limits) : Engine.GetOrCreate($"restore-{Guid.NewGuid():N}"[..20], limits);
        try
        {
            await sandbox.Bash("mkdir -p src && echo one > src/a && ln -s src/a link");
            var archive = new MemoryStream();
            await sandbox.WriteArchiveAsync(archive, Ct);
            await sandbox.Bash("rm -r src link && echo two > b");

            archive.Position = 0;
            await sandbox.RestoreArchiveAsync(archive, WorkspaceArchiveLimits.Default, Ct);
            Assert.Equal("link src one\n", (await sandbox.Bash("ls | tr '\\n' ' '; cat link")).Stdout);
            Assert.Contains(sandbox.WorkspacePath, VolumeMounts.Of(fixture.DataRoot));
            Assert.Single(VolumeMounts.Of(fixture.DataRoot), p => p.StartsWith(sandbox.WorkspacePath, StringComparison.Ordinal));

            await Assert.ThrowsAsync<WorkspaceArchiveException>(() => sandbox.RestoreArchiveAsync(new MemoryStream([1, 2, 3]), WorkspaceArchiveLimits.Default, Ct));
            Assert.Equal("link src one\n", (await sandbox.Bash("ls | tr '\\n' ' '; cat link")).Stdout);
        }
        finally
        {
            await Engine.DestroyAsync(sandbox.Id, Ct);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AFillOf200kFiles_LeavesTheForkServerServing(bool ephemeral)
    {
        var limits = SandboxLimits.Default with { Timeout = TimeSpan.FromSeconds(180) };
        var sandbox = ephemeral ? Engine.CreateEphemeral(limits) : Engine.GetOrCreate($"fill200k-{Guid.NewGuid():N}"[..20], limits);
        var serverBefore = Engine.ForkServerProcessId;
        try
        {
            var run = await sandbox.Python("""
                import os
                os.mkdir("d")
                for i in range(200_000):
                    os.close(os.open(f"d/{i}", os.O_CREAT | os.O_WRONLY, 0o644))
                print(len(os.listdir("d")))
                """, limits);

            Assert.True(run.Stdout == "200000\n", $"{run.Result} {run.Stdout} {run.Stderr}");
            Assert.Equal(serverBefore, Engine.ForkServerProcessId);
            Assert.Equal("1\n", (await sandbox.Bash("echo 1")).Stdout);
            Assert.InRange(sandbox.MeasureVolume()!.UsedEntries, 200_001, VolumeSizing.Inodes(limits.WorkspaceQuotaBytes));
        }
        finally
        {
            await Engine.DestroyAsync(sandbox.Id, Ct);
        }
    }

    [Fact]
    public async Task WithoutKernelQuotas_WorkspacesAreDirectories_TheWatcherStopsAFill_AndTheEngineSaysSo()
    {
        var dataRoot = Directory.CreateTempSubdirectory("sandcastle-watched-").FullName;
        try
        {
            await using var engine = NewEngine(dataRoot, kernelQuota: false);
            await using var sandbox = engine.CreateEphemeral(SandboxLimits.Default with { WorkspaceQuotaBytes = 2 * OneMiB });

            Assert.Contains("turned off", engine.KernelQuotaUnavailable);
            Assert.StartsWith("measured by walking", engine.WorkspaceQuotaEnforcement, StringComparison.Ordinal);
            Assert.Null(sandbox.MeasureVolume());
            Assert.Empty(VolumeMounts.Of(dataRoot));
            var run = await sandbox.Bash("for i in $(seq 1 40); do head -c 262144 /dev/zero > f$i; sleep 0.05; done; echo finished");
            Assert.Equal(ExitReason.DiskQuota, run.Result.Reason);
        }
        finally
        {
            Directory.Delete(dataRoot, recursive: true);
        }
    }

    private static TimeSpan Median(List<TimeSpan> values) => values.Order().ElementAt(values.Count / 2);

    private static TimeSpan MedianCost(Sandbox sandbox)
    {
        var costs = new List<TimeSpan>();
        for (var i = 0; i < 101; i++)
        {
            var watch = Stopwatch.StartNew();
            sandbox.MeasureWorkspace();
            costs.Add(watch.Elapsed);
        }
        costs.Sort();
        return costs[costs.Count / 2];
    }

    private static SandboxEngine NewEngine(string dataRoot, bool kernelQuota = true) => new(Microsoft.Extensions.Options.Options.Create(new SandboxOptions
    {
        DataRoot = dataRoot,
        DiskQuotaPollInterval = TimeSpan.FromMilliseconds(100),
        ForkServer = false,
        KernelWorkspaceQuota = kernelQuota,
    }));
}

public sealed class KernelQuotaTestsWhenForked(ForkingEngineFixture fixture) : KernelQuotaTests(fixture), IClassFixture<ForkingEngineFixture>;

public sealed class KernelQuotaTestsWhenLaunched(LaunchingEngineFixture fixture) : KernelQuotaTests(fixture), IClassFixture<LaunchingEngineFixture>;
