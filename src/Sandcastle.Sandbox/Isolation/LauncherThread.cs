using System.Collections.Concurrent;

namespace Sandcastle.Sandbox.Isolation;

/// <summary>
/// The one thread that starts every launcher chain. bwrap's --die-with-parent is PR_SET_PDEATHSIG, which fires when
/// the thread that forked the launcher exits, not the process: a launcher forked from a thread-pool thread (which
/// retires after ~20 s idle) would kill the fork server, a code context's kernel or a background process for no
/// reason. This thread never exits while the process lives, so the launchers die with the server process and only
/// then. Starting a process takes milliseconds, so callers simply wait for it.
/// </summary>
internal static class LauncherThread
{
    private static readonly BlockingCollection<Action> Work = new();
    private static readonly Thread Thread = Start();

    /// <summary>Runs <paramref name="start"/> (a fork) on the launcher thread and returns what it returned or threw.</summary>
    public static T Run<T>(Func<T> start)
    {
        if (Environment.CurrentManagedThreadId == Thread.ManagedThreadId)
            return start();
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Work.Add(() =>
        {
            try
            {
                done.SetResult(start());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task.GetAwaiter().GetResult();
    }

    /// <summary>The managed id of the launcher thread (tests check that it is alive and the same).</summary>
    internal static int ManagedThreadId => Thread.ManagedThreadId;

    private static Thread Start()
    {
        var thread = new Thread(() =>
        {
            foreach (var item in Work.GetConsumingEnumerable())
                item();
        })
        {
            IsBackground = true,
            Name = "sandcastle-launcher",
        };
        thread.Start();
        return thread;
    }
}
