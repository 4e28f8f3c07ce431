namespace Sandcastle.Cli.Rendering;

/// <summary>A one-line spinner on stderr while nothing else is printed; does nothing when stderr is not a terminal.</summary>
public sealed class Spinner(TextWriter error, bool enabled) : IDisposable
{
    private static readonly string[] Frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    private readonly Lock _lock = new();
    private CancellationTokenSource? _running;
    private string _text = "";

    public void Start(string text)
    {
        if (!enabled)
            return;
        Stop();
        lock (_lock)
        {
            _text = text;
            _running = new CancellationTokenSource();
            _ = SpinAsync(_running.Token);
        }
    }

    public void Stop()
    {
        lock (_lock)
        {
            if (_running is null)
                return;
            _running.Cancel();
            _running.Dispose();
            _running = null;
            error.Write("\r\u001b[2K");
            error.Flush();
        }
    }

    public void Dispose() => Stop();

    private async Task SpinAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        for (var frame = 0; !cancellationToken.IsCancellationRequested; frame++)
        {
            lock (_lock)
            {
                if (cancellationToken.IsCancellationRequested)
                    return;
                error.Write($"\r{Frames[frame % Frames.Length]} {_text}");
                error.Flush();
            }
            try
            {
                await timer.WaitForNextTickAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
