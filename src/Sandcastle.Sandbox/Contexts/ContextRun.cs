using System.Text;
using System.Threading.Channels;

namespace Sandcastle.Sandbox.Contexts;

/// <summary>
/// One run's events on their way to its reader. Written only under the kernel's lock; read by one consumer.
/// Output past the sandbox's per-stream cap is dropped with a note (the kernel keeps running: the run's time
/// limit still bounds it). Rich results and the error share one more budget of the same size, and at most
/// <see cref="MaxResults"/> results are kept: the queue a slow reader leaves behind is bounded by these alone.
/// </summary>
internal sealed class ContextRun(int cell, long maxOutputBytes)
{
    /// <summary>Results kept per run; a cell that displays more is told so once.</summary>
    public const int MaxResults = 1000;

    private readonly Channel<ContextEvent> _events = Channel.CreateUnbounded<ContextEvent>(new() { SingleReader = true });
    private long _stdoutOffered;
    private long _stderrOffered;
    private long _resultBytes;
    private int _results;
    private bool _resultsCut;
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

    /// <summary>Adds a result or the run's error (only the first error counts), within the run's result budget.</summary>
    public void Add(ContextEvent item)
    {
        if (item is ContextError)
        {
            if (_hasError)
                return;
            _hasError = true;
        }
        var size = SizeOf(item);
        if (_resultBytes + size > maxOutputBytes || (item is ContextResult && _results >= MaxResults))
        {
            if (item is ContextError error)
                item = error with { Name = Cut(error.Name), Message = Cut(error.Message), Traceback = [] };
            else
            {
                CutResults();
                return;
            }
        }
        _resultBytes += size;
        if (item is ContextResult)
            _results++;
        _events.Writer.TryWrite(item);
    }

    /// <summary>What is left of the run's result budget: a longer message need not even be gathered.</summary>
    public long RemainingResultBytes => _resultsCut ? 0 : Math.Max(0, maxOutputBytes - _resultBytes);

    /// <summary>A result the kernel sent was larger than the run's budget and never reached the host whole.</summary>
    public void ResultDropped() => CutResults();

    private void CutResults()
    {
        if (_resultsCut)
            return;
        _resultsCut = true;
        _events.Writer.TryWrite(new ContextOutput(OutputStream.Stderr,
            $"\n[sandcastle: rich results of this run cut at {maxOutputBytes} bytes or {MaxResults} results]\n"));
    }

    private static long SizeOf(ContextEvent item) => item switch
    {
        ContextResult result => result.Data.Sum(pair => (long)pair.Key.Length + pair.Value.Length),
        ContextError error => (long)error.Name.Length + error.Message.Length + error.Traceback.Sum(line => (long)line.Length),
        _ => 0,
    };

    private static string Cut(string text) => text.Length <= 1024 ? text : text[..1024] + " [cut]";

    public void Finish(int executionCount)
    {
        if (IsFinished)
            return;
        IsFinished = true;
        _events.Writer.TryWrite(new ContextCompleted(executionCount));
        _events.Writer.TryComplete();
    }
}
