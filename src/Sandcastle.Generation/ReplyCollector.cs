using System.Diagnostics;
using System.Text;
using Sandcastle.Generation.Models;

namespace Sandcastle.Generation;

/// <summary>Gathers one streamed model reply.</summary>
internal sealed class ReplyCollector(string requestedModel)
{
    private readonly StringBuilder _text = new();
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public string Text => _text.ToString();

    public string Model { get; private set; } = requestedModel;

    public TokenUsage Usage { get; private set; } = TokenUsage.Zero;

    public bool HitMaxTokens { get; private set; }

    public long ElapsedMs { get; private set; }

    public void Append(string text) => _text.Append(text);

    public void Complete(ModelCompleted completed)
    {
        Model = completed.Model;
        Usage = completed.Usage;
        HitMaxTokens = completed.HitMaxTokens;
        ElapsedMs = _watch.ElapsedMilliseconds;
    }
}
