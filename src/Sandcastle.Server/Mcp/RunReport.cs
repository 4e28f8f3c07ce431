using System.Text;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Sandcastle.Server.Mcp;

/// <summary>
/// Collects a run's output for its tool result and reports it as MCP progress while it runs (each notification's
/// message is the output so far, its tail when long), so a client watching a long run sees it advance.
/// </summary>
internal sealed class RunReport(IProgress<ProgressNotificationValue>? progress)
{
    /// <summary>Per stream, what a result keeps: a model gains nothing from megabytes of log.</summary>
    private const int MaxChars = 50_000;

    private const int ProgressTailChars = 2_000;

    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _all = new();
    private readonly List<ContentBlock> _extra = [];
    private int _steps;

    public void Output(string stream, string text)
    {
        (stream == "stderr" ? _stderr : _stdout).Append(text);
        _all.Append(text);
        if (_all.Length > ProgressTailChars * 2)
            _all.Remove(0, _all.Length - ProgressTailChars);
        var tail = _all.Length > ProgressTailChars ? _all.ToString(_all.Length - ProgressTailChars, ProgressTailChars) : _all.ToString();
        progress?.Report(new ProgressNotificationValue { Progress = ++_steps, Message = tail });
    }

    /// <summary>A rich result: PNG as image content, and its text form (or HTML) as text.</summary>
    public void Result(IReadOnlyDictionary<string, string> bundle)
    {
        if (bundle.TryGetValue("image/png", out var png))
            _extra.Add(ImageContentBlock.FromBytes(Convert.FromBase64String(png), "image/png"));
        else if (bundle.TryGetValue("text/plain", out var text))
            _extra.Add(new TextContentBlock { Text = $"result: {text}" });
        else if (bundle.TryGetValue("text/html", out var html))
            _extra.Add(new TextContentBlock { Text = $"result (text/html): {html}" });
    }

    /// <summary>The tool result: a summary line, stdout, stderr, then rich results. <paramref name="failed"/> sets isError.</summary>
    public CallToolResult Finish(string status, bool failed)
    {
        var text = new StringBuilder(status).Append('\n');
        Append(text, "stdout", _stdout);
        Append(text, "stderr", _stderr);
        return new CallToolResult { Content = [new TextContentBlock { Text = text.ToString().TrimEnd() + "\n" }, .. _extra], IsError = failed };
    }

    private static void Append(StringBuilder text, string name, StringBuilder stream)
    {
        if (stream.Length == 0)
            return;
        text.Append("--- ").Append(name).Append(" ---\n");
        if (stream.Length > MaxChars)
            text.Append($"[first {stream.Length - MaxChars} characters left out]\n").Append(stream.ToString(stream.Length - MaxChars, MaxChars));
        else
            text.Append(stream);
        if (stream[^1] != '\n')
            text.Append('\n');
    }
}
