using Anthropic.Models.Messages;
using Sandcastle.Generation.Models;

namespace Sandcastle.Generation.Providers;

/// <summary>What one streamed reply has told us so far: model, stop reason, token counts.</summary>
internal sealed class AnthropicReplyState(string requestedModel)
{
    private string _model = requestedModel;
    private string? _stopReason;
    private long _inputTokens;
    private long _outputTokens;

    public bool HasText { get; private set; }

    /// <summary>Takes in one event; returns its text when it carries some.</summary>
    public string? Apply(RawMessageStreamEvent item)
    {
        if (item.TryPickContentBlockDelta(out var block) && block.Delta.TryPickText(out var text))
        {
            HasText |= text.Text.Length > 0;
            return text.Text.Length > 0 ? text.Text : null;
        }
        if (item.TryPickStart(out var start))
        {
            _model = start.Message.Model.Raw() ?? _model;
            _inputTokens = start.Message.Usage.InputTokens;
            _outputTokens = start.Message.Usage.OutputTokens;
        }
        else if (item.TryPickDelta(out var delta))
        {
            // message_delta's counts are cumulative for the whole reply.
            _stopReason = delta.Delta.StopReason?.Raw() ?? _stopReason;
            _outputTokens = delta.Usage.OutputTokens;
            if (delta.Usage.InputTokens is { } input)
                _inputTokens = input;
        }
        return null;
    }

    public ModelCompleted ToCompleted() => new(_model, _stopReason, new TokenUsage(_inputTokens, _outputTokens));
}
