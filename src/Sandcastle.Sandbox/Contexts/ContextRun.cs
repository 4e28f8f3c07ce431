using System.Text;
using System.Threading.Channels;

namespace Sandcastle.Sandbox.Contexts;

/// <summary>
/// One run's events on their way to its reader. Written only under the kernel's lock; read by one consumer.
/// Output past the sandbox's per-stream cap is dropped with a note (the kernel keeps running: the run's time
/// limit still bounds it).
/// </summary>
internal sealed class ContextRun(int cell, long maxOutputBytes)
{
    private readonly Channel<ContextEvent> _events = Channel.CreateUnbounded<ContextEvent>(new() { SingleReader = true });
    private long _stdoutOffered;
    private long _stderrOffered;
    private bool _hasError;

    public int Cell => cell;

    public ChannelReader<ContextEvent> Events => _events.Reader;

    public bool StdoutDrained { get; set; }

    public bool StderrDrained { get; set; }

    public bool IsFinished { get; private set; }

    public static ContextRun Failed(int executionCount, ContextError error)
    {
        var run = new ContextRun(executionCount, 0);
        run.Add(error);
        run.Finish(executionCount);
        return run;
    }

    public void Output(OutputStream stream, string text)
    {
        // Counts every byte offered, not only those kept: output that fills the cap exactly and is followed by
        // more must still get the note, whichever way the pipe reads happened to split it.
        ref var offered = ref stream == OutputStream.Stdout ? ref _stdoutOffered : ref _stderrOffered;
        var before = offered;
        if (before > maxOutputBytes || text.Length == 0)
            return;
        offered += Encoding.UTF8.GetByteCount(text);
        if (offered <= maxOutputBytes)
        {
            _events.Writer.TryWrite(new ContextOutput(stream, text));
            return;
        }
        var fitting = FittingPrefix(text, maxOutputBytes - before);
        var name = stream.ToString().ToLowerInvariant();
        _events.Writer.TryWrite(new ContextOutput(stream, $"{fitting}\n[sandcastle: {name} of this run cut at {maxOutputBytes} bytes]\n"));
    }

    private static string FittingPrefix(string text, long bytes)
    {
        var length = (int)Math.Min(text.Length, bytes);
        long excess;
        while (length > 0 && (excess = Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) - bytes) > 0)
            length -= (int)Math.Max(1, excess / 4); // a character is at most 4 bytes: few rounds
        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
            length--;
        return text[..Math.Max(0, length)];
    }

    /// <summary>Adds a result or the run's error (only the first error counts).</summary>
    public void Add(ContextEvent item)
    {
        if (item is ContextError)
        {
            if (_hasError)
                return;
            _hasError = true;
        }
        _events.Writer.TryWrite(item);
    }

    public void Finish(int executionCount)
    {
        if (IsFinished)
            return;
        IsFinished = true;
        _events.Writer.TryWrite(new ContextCompleted(executionCount));
        _events.Writer.TryComplete();
    }
}
