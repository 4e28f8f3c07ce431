using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sandcastle.Sandbox.Contexts;

/// <summary>
/// One kernel process of a <see cref="CodeContext"/>: starts it, sends it cells, and turns its two output
/// streams (user text with framed kernel messages inside, see <see cref="FrameReader"/>) into each run's events.
/// A run ends when the kernel's 'done' (stdout) and 'sync' (stderr) frames have both arrived, so no output of
/// the cell can trail its completion; or when the process dies.
/// </summary>
internal sealed class KernelProcess : IAsyncDisposable
{
    private const int StartupOutputLimit = 8 * 1024;

    /// <summary>Room for the kernel's own small messages (ready, sync, done) and an error's cut form.</summary>
    private const int ControlMessageChars = 64 * 1024;

    private readonly Lock _lock = new();
    private readonly SandboxProcess _process;
    private readonly SandboxLanguage _language;
    private readonly SandboxLimits _limits;
    private readonly CodeContextOptions _options;
    private readonly FrameReader _stdout;
    private readonly FrameReader _stderr;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder _startupOutput = new();
    private readonly List<ContextOutput> _backlog = [];
    private readonly Task _pump;
    private int _backlogBytes;
    private ContextRun? _current;
    private Action? _onFinished;
    private Timer? _deadline;
    private TimeSpan _runTimeout;
    private bool _deadlineHit;
    private volatile bool _alive = true;

    private KernelProcess(SandboxProcess process, SandboxLanguage language, string token, SandboxLimits limits, CodeContextOptions options)
    {
        _process = process;
        _language = language;
        _limits = limits;
        _options = options;
        _stdout = new FrameReader(token, ControlMessageChars);
        _stderr = new FrameReader(token, ControlMessageChars);
        _pump = Task.Run(PumpAsync);
    }

    public bool IsAlive => _alive;

    /// <summary>Why the process is gone, once it is.</summary>
    public string? ExitDescription { get; private set; }

    public static async Task<KernelProcess> StartAsync(Sandbox sandbox, SandboxLanguage language, CodeContextOptions options, CancellationToken cancellationToken)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var limits = sandbox.Limits;
        // The process lives as long as the context: runs get their own time limit and output cap here.
        var processLimits = limits with { Timeout = Timeout.InfiniteTimeSpan, MaxOutputBytes = long.MaxValue };
        var process = sandbox.Start(KernelSources.StartRequest(language, token, processLimits, sandbox.EngineOptions), interactive: true);
        var kernel = new KernelProcess(process, language, token, limits, options);
        try
        {
            await kernel._ready.Task.WaitAsync(options.StartTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await kernel.DisposeAsync().ConfigureAwait(false);
            throw new SandboxUnavailableException($"The {language.ToWireName()} kernel did not start within {options.StartTimeout.TotalSeconds:0.#} s.");
        }
        catch
        {
            await kernel.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return kernel;
    }

    /// <summary>
    /// Sends a cell. Returns null when the process is gone. Otherwise <paramref name="onFinished"/> is called
    /// exactly once, when the run ends.
    /// </summary>
    public async Task<ContextRun?> BeginAsync(int cell, string code, TimeSpan timeout, Action onFinished)
    {
        var run = new ContextRun(cell, _limits.MaxOutputBytes);
        lock (_lock)
        {
            if (!_alive)
                return null;
            _current = run;
            _onFinished = onFinished;
            SetMessageBound(run);
            _deadlineHit = false;
            _runTimeout = timeout;
            foreach (var stray in _backlog)
                run.Output(stray.Stream, stray.Text);
            _backlog.Clear();
            _backlogBytes = 0;
            if (timeout != Timeout.InfiniteTimeSpan)
                _deadline = new Timer(_ => OnDeadline(run), null, timeout + _options.InterruptGrace, Timeout.InfiniteTimeSpan);
        }
        await SendAsync(EncodeRun(cell, code, timeout)).ConfigureAwait(false);
        return run;
    }

    public void Kill() => _process.Kill(ExitReason.Cancelled);

    /// <summary>
    /// Kills the process and waits for the pump to read its end (which ends a run in progress) before letting the
    /// process go: disposing it first would drop the end the pump is waiting for.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(ExitReason.Cancelled);
        await _pump.ConfigureAwait(false);
        await _process.DisposeAsync().ConfigureAwait(false);
    }

    private async Task SendAsync(byte[] line)
    {
        try
        {
            await _process.StandardInput.WriteAsync(line).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The process is dying: its exit ends the run, if any.
        }
    }

    private static byte[] EncodeRun(int cell, string code, TimeSpan timeout) => EncodeLine(writer =>
    {
        writer.WriteString("op", "run");
        writer.WriteNumber("cell", cell);
        writer.WriteString("code", code);
        writer.WriteNumber("timeout", timeout == Timeout.InfiniteTimeSpan ? 0 : timeout.TotalSeconds);
    });

    private static byte[] EncodeLine(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>
    /// Never throws: whatever goes wrong here kills the kernel, which ends the run, so that deleting or disposing
    /// the context always works.
    /// </summary>
    private async Task PumpAsync()
    {
        try
        {
            await PumpEventsAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _process.Kill(ExitReason.Cancelled);
            Action? onFinished;
            lock (_lock)
            {
                onFinished = _onFinished;
                _onFinished = null;
                _alive = false;
                ExitDescription ??= $"was stopped: reading its output failed ({e.GetType().Name})";
                _current?.Add(new ContextError("ContextDied", $"The context's process {ExitDescription}; its state is lost. Restart the context.", []));
                _current?.Finish(_current.Cell);
                _current = null;
                _ready.TrySetException(new SandboxUnavailableException($"The {_language.ToWireName()} kernel {ExitDescription}."));
            }
            onFinished?.Invoke();
            // Drain what is left so the process can end.
            await foreach (var _ in _process.ReadEventsAsync(CancellationToken.None).ConfigureAwait(false))
            {
            }
        }
    }

    private async Task PumpEventsAsync()
    {
        var pieces = new List<FramePiece>();
        var finished = new List<Action>();
        await foreach (var item in _process.ReadEventsAsync(CancellationToken.None).ConfigureAwait(false))
        {
            finished.Clear();
            if (item is ExecOutput output)
            {
                pieces.Clear();
                (output.Stream == OutputStream.Stdout ? _stdout : _stderr).Feed(output.Text, pieces);
                lock (_lock)
                {
                    foreach (var piece in pieces)
                    {
                        if (piece.Text is { } text)
                            OnText(output.Stream, text);
                        else if (ParseMessage(piece) is { } message)
                            OnMessage(output.Stream, message, finished);
                        else if (piece.Dropped)
                            _current?.ResultDropped();
                        if (piece.IsMessageEnd)
                            SetMessageBound(_current);
                    }
                }
            }
            else if (item is ExecCompleted completed)
            {
                lock (_lock)
                    OnExited(completed.Result, finished);
            }
            foreach (var action in finished)
                action();
        }
    }

    /// <summary>
    /// A message carries one result or error of the current run: one longer than what is left of the run's result
    /// budget could not be kept, so it is not even gathered (nor parsed), whatever the cell sends.
    /// </summary>
    private void SetMessageBound(ContextRun? run)
    {
        var bound = (int)Math.Min(ControlMessageChars + (run?.RemainingResultBytes ?? 0), Array.MaxLength / 4);
        _stdout.MaxMessageChars = bound;
        _stderr.MaxMessageChars = bound;
    }

    /// <summary>The message, or, when it is unreadable or was dropped, its last frame if that is a message alone.</summary>
    private static KernelMessage? ParseMessage(FramePiece piece)
    {
        if (piece.Message is { } whole && KernelMessage.TryParse(whole) is { } message)
            return message;
        return piece.LastFrame is { } last && last != piece.Message && last.StartsWith('{') ? KernelMessage.TryParse(last) : null;
    }

    private void OnText(OutputStream stream, string text)
    {
        if (!_ready.Task.IsCompleted)
        {
            if (_startupOutput.Length < StartupOutputLimit)
                _startupOutput.Append(text);
        }
        else if (_current is { } run)
        {
            run.Output(stream, text);
        }
        else if (_backlogBytes < _options.BacklogBytes)
        {
            // Written between runs, e.g. by a background process: shown at the start of the next run.
            _backlog.Add(new ContextOutput(stream, text));
            _backlogBytes += text.Length;
        }
    }

    private void OnMessage(OutputStream stream, KernelMessage message, List<Action> finished)
    {
        if (message.Type == "ready")
        {
            _ready.TrySetResult();
            return;
        }
        if (_current is not { } run || message.Cell != run.Cell)
            return;
        switch (message.Type)
        {
            case "result" or "error" when message.Event is { } item:
                run.Add(item);
                break;
            case "done" when stream == OutputStream.Stdout:
                run.StdoutDrained = true;
                break;
            case "sync" when stream == OutputStream.Stderr:
                run.StderrDrained = true;
                break;
        }
        if (run.StdoutDrained && run.StderrDrained)
            FinishCurrent(finished);
    }

    private void OnExited(ExecResult result, List<Action> finished)
    {
        _alive = false;
        ExitDescription = result.Reason == ExitReason.Exited && result.Signal is null
            ? $"exited with code {result.ExitCode}"
            : result.Describe(_limits with { Timeout = _runTimeout }) ?? $"ended ({result.Reason.ToWireName()})";
        if (_current is { } run)
        {
            run.Add(_deadlineHit
                ? new ContextError("TimeoutError", $"The run passed its {_runTimeout.TotalSeconds:0.###} s limit and could not be interrupted: the context's process was stopped and its state is lost. Restart the context.", [])
                : new ContextError("ContextDied", $"The context's process {ExitDescription}; its state is lost. Restart the context.", []));
            FinishCurrent(finished);
        }
        var startup = _startupOutput.ToString().Trim();
        _ready.TrySetException(new SandboxUnavailableException(
            $"The {_language.ToWireName()} kernel {ExitDescription} before it was ready" + (startup.Length > 0 ? $": {startup}" : ".")));
    }

    private void OnDeadline(ContextRun run)
    {
        lock (_lock)
        {
            if (_current != run)
                return;
            _deadlineHit = true;
        }
        _process.Kill(ExitReason.Timeout);
    }

    private void FinishCurrent(List<Action> finished)
    {
        var run = _current!;
        _current = null;
        _deadline?.Dispose();
        _deadline = null;
        run.Finish(run.Cell);
        if (_onFinished is { } onFinished)
            finished.Add(onFinished);
        _onFinished = null;
    }
}
