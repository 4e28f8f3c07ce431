namespace Sandcastle.Generation.Extraction;

/// <summary>The model's reply held no program to run.</summary>
public sealed class NoCodeException(string reply, string language)
    : Exception($"The model's reply contained no {language} code. It said: \"{Excerpt(reply)}\"")
{
    private const int MaxExcerpt = 500;

    /// <summary>The start of the reply (at most 500 characters).</summary>
    public string ReplyExcerpt { get; } = Excerpt(reply);

    private static string Excerpt(string reply)
    {
        var text = reply.Trim();
        return text.Length <= MaxExcerpt ? text : text[..MaxExcerpt] + "…";
    }
}
