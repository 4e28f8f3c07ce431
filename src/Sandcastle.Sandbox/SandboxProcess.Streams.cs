using System.Text;

namespace Sandcastle.Sandbox;

/// <summary>The tree's streams: its stdin fed, its stdout and stderr pumped into the event queue, cut at the output cap.</summary>
public sealed partial class SandboxProcess
{
    private const int ReadBufferSize = 16 * 1024;

    /// <summary>
    /// Queues output, waiting for room while the tree runs. Once it is killed nothing waits: what does not fit is
    /// dropped, so a reader that stopped reading cannot keep a dead tree's pumps, and its cgroup, alive.
    /// </summary>
    private async ValueTask WriteOutputAsync(ExecOutput output)
    {
        if (_killed.IsCancellationRequested)
        {
            _events.Writer.TryWrite(output);
            return;
        }
        try
        {
            await _events.Writer.WriteAsync(output, _killed.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _events.Writer.TryWrite(output);
        }
    }

    private async Task FeedStdinAsync(ReadOnlyMemory<byte>? stdin)
    {
        try
        {
            if (stdin is { Length: > 0 } bytes)
                await StandardInput.WriteAsync(bytes, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The program exited or closed stdin before reading it all: not an error of ours.
        }
        finally
        {
            try
            {
                StandardInput.Close();
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task PumpAsync(Stream source, OutputStream stream)
    {
        var decoder = new UTF8Encoding(false, false).GetDecoder();
        var bytes = new byte[ReadBufferSize];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(ReadBufferSize)];
        long total = 0;
        var truncated = false;
        int read;
        while ((read = await source.ReadAsync(bytes).ConfigureAwait(false)) > 0)
        {
            if (truncated)
                continue; // Drain until the killed tree closes the pipe.
            var keep = (int)Math.Min(read, _limits.MaxOutputBytes - total);
            total += keep;
            var count = decoder.GetChars(bytes, 0, keep, chars, 0, flush: false);
            if (count > 0 && stream == OutputStream.Stderr && _stderrTail is { } stderrTail)
                KeepTail(stderrTail, chars.AsSpan(0, count));
            if (count > 0)
                await WriteOutputAsync(new ExecOutput(stream, new string(chars, 0, count))).ConfigureAwait(false);
            if (keep < read)
            {
                truncated = true;
                if (stream == OutputStream.Stdout)
                    _stdoutTruncated = true;
                else
                    _stderrTruncated = true;
                await WriteOutputAsync(new ExecOutput(stream, $"\n[sandcastle: {stream.ToString().ToLowerInvariant()} cut at {_limits.MaxOutputBytes} bytes; process stopped]\n")).ConfigureAwait(false);
                Kill(ExitReason.OutputLimit);
            }
        }
        var tail = decoder.GetChars(bytes, 0, 0, chars, 0, flush: true);
        if (tail > 0 && !truncated)
            await WriteOutputAsync(new ExecOutput(stream, new string(chars, 0, tail))).ConfigureAwait(false);
    }

    private static void KeepTail(StringBuilder tail, ReadOnlySpan<char> chars)
    {
        tail.Append(chars);
        if (tail.Length > AddressSpaceExhaustion.TailChars)
            tail.Remove(0, tail.Length - AddressSpaceExhaustion.TailChars);
    }
}
