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
    private long _stdoutBytes;
    private long _stderrBytes;
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
        ref var used = ref stream == OutputStream.Stdout ? ref _stdoutBytes : ref _stderrBytes;
        if (used >= maxOutputBytes)
            return;
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (used + bytes > maxOutputBytes)
        {
            var fitting = FittingPrefix(text, maxOutputBytes - used);
            used = maxOutputBytes;
            var name = stream.ToString().ToLowerInvariant();
            _events.Writer.TryWrite(new ContextOutput(stream, $"{fitting}\n[sandcastle: {name} of this run cut at {maxOutputBytes} bytes]\n"));
            return;
        }
        used += bytes;
        _events.Writer.TryWrite(new ContextOutput(stream, text));
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
