using System.Text;
using System.Text.Json;

namespace Sandcastle.Server.Agents;

/// <summary>
/// Reads the token usage out of a Messages API response as it passes through the relay: the <c>message_start</c>
/// and <c>message_delta</c> events of a stream, or the <c>usage</c> of a JSON body.
/// </summary>
internal sealed class RelayUsage(bool streamed)
{
    private const int MaxJsonBytes = 4 * 1024 * 1024;
    private readonly MemoryStream _pending = new();

    public long InputTokens { get; private set; }
    public long OutputTokens { get; private set; }

    public void Feed(ReadOnlySpan<byte> bytes)
    {
        if (!streamed)
        {
            if (_pending.Length + bytes.Length <= MaxJsonBytes)
                _pending.Write(bytes);
            return;
        }
        foreach (var b in bytes)
        {
            if (b != (byte)'\n')
            {
                _pending.WriteByte(b);
                continue;
            }
            ReadLine(Encoding.UTF8.GetString(_pending.GetBuffer(), 0, (int)_pending.Length));
            _pending.SetLength(0);
        }
    }

    /// <summary>Reads what is left (the JSON body); call once the response has ended.</summary>
    public void Complete()
    {
        if (streamed || _pending.Length == 0)
            return;
        try
        {
            using var document = JsonDocument.Parse(_pending.ToArray());
            if (document.RootElement.TryGetProperty("usage", out var usage))
                ReadUsage(usage, input: true);
        }
        catch (JsonException)
        {
            // An error page or a cut body: nothing spent that we can see.
        }
    }

    private void ReadLine(string line)
    {
        if (!line.StartsWith("data:", StringComparison.Ordinal))
            return;
        try
        {
            using var document = JsonDocument.Parse(line.AsMemory(5).Trim().ToString());
            var root = document.RootElement;
            var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type == "message_start" && root.TryGetProperty("message", out var message) && message.TryGetProperty("usage", out var startUsage))
                ReadUsage(startUsage, input: true);
            else if (type == "message_delta" && root.TryGetProperty("usage", out var deltaUsage))
                ReadUsage(deltaUsage, input: false);
        }
        catch (JsonException)
        {
        }
    }

    // Output tokens are cumulative within one message: the latest figure replaces the earlier one.
    private void ReadUsage(JsonElement usage, bool input)
    {
        if (input)
        {
            InputTokens = Number(usage, "input_tokens") + Number(usage, "cache_creation_input_tokens") + Number(usage, "cache_read_input_tokens");
        }
        if (usage.TryGetProperty("output_tokens", out var output) && output.ValueKind == JsonValueKind.Number)
            OutputTokens = output.GetInt64();
    }

    private static long Number(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;
}
