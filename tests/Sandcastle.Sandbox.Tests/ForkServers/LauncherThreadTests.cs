using Microsoft.Extensions.Options;
using Sandcastle.Sandbox.Contexts;

namespace Sandcastle.Sandbox.Tests.ForkServers;

/// <summary>
/// bwrap's --die-with-parent fires when the thread that forked the launcher exits. Launchers started from a thread
/// that then ends (as thread-pool threads do after an idle spell) must live on: the fork server keeps forking, a
/// code context keeps its state.
/// </summary>
public sealed class LauncherThreadTests : IAsyncLifetime
{
    private readonly string _dataRoot = Directory.CreateTempSubdirectory("sandcastle-tests-").FullName;
    private SandboxEngine _engine = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _engine = new SandboxEngine(Options.Create(new SandboxOptions { DataRoot = _dataRoot, ForkServer = true }));
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task ForkServer_StartedFromAThreadThatExits_KeepsForking()
    {
        RunOnThreadThatExits(() => _engine.WarmUpAsync(Cancel).GetAwaiter().GetResult());
        var pid = _engine.ForkServerProcessId;
        Assert.NotNull(pid);
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);

        await using var sandbox = _engine.CreateEphemeral();
        var run = await sandbox.Bash("echo forked");

        Assert.True(Directory.Exists($"/proc/{pid}"), "the fork server's launcher died with the thread that started it");
        Assert.Equal(pid, _engine.ForkServerProcessId);
        Assert.True(_engine.ForkServerReady);
        Assert.True(run.Result.Success, run.Stderr);
        Assert.Equal("forked\n", run.Stdout);
    }

    [Fact]
    public async Task CodeContext_StartedFromAThreadThatExits_KeepsItsState()
    {
        await using var sandbox = _engine.CreateEphemeral();
        await using var manager = new CodeContextManager(sandbox);
        CodeContext? context = null;
        RunOnThreadThatExits(() =>
        {
            context = manager.CreateAsync(SandboxLanguage.Python, Cancel).GetAwaiter().GetResult();
            context.RunAndCollectAsync("kept = 41", cancellationToken: Cancel).GetAwaiter().GetResult();
        });
        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);

        var later = await context!.RunAndCollectAsync("kept + 1", cancellationToken: Cancel);

        Assert.True(context.IsAlive);
        Assert.Equal("42", Assert.Single(later.Results).Text);
    }

    private static void RunOnThreadThatExits(Action action)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
            throw new InvalidOperationException("The starting thread failed.", failure);
    }

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        Directory.Delete(_dataRoot, recursive: true);
    }
}
