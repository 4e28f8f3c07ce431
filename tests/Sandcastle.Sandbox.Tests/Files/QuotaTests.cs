using System.Diagnostics;

namespace Sandcastle.Sandbox.Tests.Files;

public sealed class QuotaTests
{
    private const long Quota = 1_000_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_streamed_write_passing_the_quota_is_stopped_and_leaves_no_partial_file()
    {
        using var ws = new TempWorkspace(Quota);
        await ws.Fs.WriteAsync("a.bin", new GeneratedStream(600_000, seed: 1), cancellationToken: Ct);
        await Assert.ThrowsAsync<WorkspaceQuotaExceededException>(
            () => ws.Fs.WriteAsync("sub/b.bin", new GeneratedStream(600_000, seed: 2), createParents: true, cancellationToken: Ct));
        Assert.False(ws.Fs.Exists("sub/b.bin"));
        Assert.Equal(600_000, ws.Fs.GetUsageBytes());
    }

    [Fact]
    public async Task A_write_of_known_size_is_refused_up_front()
    {
        using var ws = new TempWorkspace(Quota);
        await ws.Fs.WriteBytesAsync("a.bin", new byte[600_000], cancellationToken: Ct);
        var error = await Assert.ThrowsAsync<WorkspaceQuotaExceededException>(
            () => ws.Fs.WriteBytesAsync("b.bin", new byte[600_000], cancellationToken: Ct));
        Assert.Equal(Quota, error.QuotaBytes);
        Assert.False(ws.Fs.Exists("b.bin"));

        // Refused before truncating: an existing file keeps its content.
        await ws.Fs.WriteTextAsync("c.txt", "old", cancellationToken: Ct);
        await Assert.ThrowsAsync<WorkspaceQuotaExceededException>(
            () => ws.Fs.WriteBytesAsync("c.txt", new byte[500_000], cancellationToken: Ct));
        Assert.Equal("old", await ws.Fs.ReadTextAsync("c.txt", Ct));
    }

    [Fact]
    public async Task Overwriting_counts_the_new_size_not_both()
    {
        using var ws = new TempWorkspace(Quota);
        await ws.Fs.WriteBytesAsync("a.bin", new byte[700_000], cancellationToken: Ct);
        await ws.Fs.WriteAsync("a.bin", new GeneratedStream(900_000, seed: 3), cancellationToken: Ct);
        Assert.Equal(900_000, ws.Fs.GetUsageBytes());
        await ws.Fs.WriteBytesAsync("exact.bin", new byte[100_000], cancellationToken: Ct);
        Assert.Equal(Quota, ws.Fs.GetUsageBytes());
    }

    [Fact]
    public async Task A_streamed_overwrite_that_fails_removes_the_partial_file()
    {
        using var ws = new TempWorkspace(Quota);
        await ws.Fs.WriteTextAsync("a.bin", "old", cancellationToken: Ct);
        await Assert.ThrowsAsync<WorkspaceQuotaExceededException>(
            () => ws.Fs.WriteAsync("a.bin", new GeneratedStream(2_000_000, seed: 4), cancellationToken: Ct));
        Assert.False(ws.Fs.Exists("a.bin"));
        Assert.Equal(0, ws.Fs.GetUsageBytes());
    }

    [Fact]
    public async Task A_cancelled_write_leaves_no_partial_file()
    {
        using var ws = new TempWorkspace(Quota);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ws.Fs.WriteAsync("a.bin", new GeneratedStream(1000, seed: 5), cancellationToken: cancel.Token));
        Assert.False(ws.Fs.Exists("a.bin"));
    }

    [Fact]
    public async Task Hard_links_are_counted_once()
    {
        using var ws = new TempWorkspace(Quota);
        await ws.Fs.WriteBytesAsync("a.bin", new byte[300_000], cancellationToken: Ct);
        using (var ln = Process.Start("ln", [ws.Host("a.bin"), ws.Host("b.bin")]))
        {
            await ln.WaitForExitAsync(Ct);
            Assert.Equal(0, ln.ExitCode);
        }
        Assert.Equal(300_000, ws.Fs.GetUsageBytes());
    }
}
