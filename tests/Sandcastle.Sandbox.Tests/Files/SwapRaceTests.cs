using System.Diagnostics;
using Sandcastle.Sandbox.Files;
using Sandcastle.Sandbox.Files.Native;

namespace Sandcastle.Sandbox.Tests.Files;

/// <summary>
/// Sandboxed code flips a directory and a symlink-to-outside with RENAME_EXCHANGE (atomic, no gap) while the host
/// does I/O through that path: a check-then-open implementation would eventually land outside; openat2 must not.
/// </summary>
public sealed class SwapRaceTests
{
    private const int MinimumRounds = 2000;
    private static readonly TimeSpan MaximumTime = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Io_through_a_flipping_path_never_reaches_outside(bool absoluteLink)
    {
        var ct = TestContext.Current.CancellationToken;
        using var ws = new TempWorkspace();
        await ws.Fs.WriteTextAsync("flip/secret.txt", "inside", createParents: true, cancellationToken: ct);
        ws.Link("flip.swap", absoluteLink ? ws.Outside : "../outside");

        using var stop = new CancellationTokenSource();
        long flips = 0;
        var flipper = Task.Factory.StartNew(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Assert.Equal(0, FileSyscalls.RenameAt2(AtFlags.CurrentDirectory, ws.Host("flip"), AtFlags.CurrentDirectory, ws.Host("flip.swap"), AtFlags.RenameExchange));
                flips++;
            }
        }, TaskCreationOptions.LongRunning);

        var (succeeded, refused) = (0, 0);
        var clock = Stopwatch.StartNew();
        try
        {
            for (var round = 0; (round < MinimumRounds || succeeded == 0 || refused == 0) && clock.Elapsed < MaximumTime; round++)
            {
                foreach (var operation in Operations(ws, round, ct))
                {
                    try
                    {
                        await operation();
                        succeeded++;
                    }
                    catch (WorkspacePathException)
                    {
                        refused++;
                    }
                    catch (IOException)
                    {
                        // e.g. ENOENT on "flip/made" once deleted: fine, as long as nothing leaks.
                    }
                }
                ws.AssertOutsideUntouched();
            }
        }
        finally
        {
            await stop.CancelAsync();
            await flipper;
        }

        ws.AssertOutsideUntouched();
        TestContext.Current.TestOutputHelper?.WriteLine($"{flips} flips, {succeeded} operations through the directory, {refused} refused at the symlink, {clock.Elapsed}");
        Assert.True(flips > 0);
        Assert.True(succeeded > 0, "no operation ever went through the directory");
        Assert.True(refused > 0, "no operation ever met the symlink");
    }

    private static IEnumerable<Func<Task>> Operations(TempWorkspace ws, int round, CancellationToken ct)
    {
        yield return () => ws.Fs.WriteTextAsync("flip/secret.txt", $"written {round}", cancellationToken: ct);
        yield return async () =>
        {
            var text = await ws.Fs.ReadTextAsync("flip/secret.txt", ct);
            Assert.NotEqual(TempWorkspace.Sentinel, text);
            Assert.True(text is "inside" || text.StartsWith("written", StringComparison.Ordinal), text);
        };
        yield return () =>
        {
            Assert.DoesNotContain(ws.Fs.List("flip"), e => e.Name == "secret.txt" && e.Size == TempWorkspace.Sentinel.Length);
            return Task.CompletedTask;
        };
        yield return () =>
        {
            ws.Fs.CreateDirectory("flip/made");
            ws.Fs.Delete("flip/made", recursive: true);
            return Task.CompletedTask;
        };
        yield return () =>
        {
            ws.Fs.Move("flip/secret.txt", "flip/moved.txt");
            ws.Fs.Move("flip/moved.txt", "flip/secret.txt");
            return Task.CompletedTask;
        };
    }
}
