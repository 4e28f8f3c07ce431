namespace Sandcastle.Sandbox.Contexts;

/// <summary>
/// A rich result as a MIME bundle (mime type → data), as Jupyter's display data: <c>text/plain</c> always,
/// and e.g. <c>text/html</c>, <c>image/png</c> (base64), <c>image/svg+xml</c>, <c>application/json</c>, <c>text/markdown</c>.
/// The last expression's value, each figure a cell leaves open, and each <c>display(...)</c> make one.
/// </summary>
public sealed record ContextResult(IReadOnlyDictionary<string, string> Data) : ContextEvent
{
    /// <summary>The <c>text/plain</c> form, if any.</summary>
    public string? Text => Data.GetValueOrDefault("text/plain");

    public string? Html => Data.GetValueOrDefault("text/html");

    /// <summary>Base64 PNG bytes, if any.</summary>
    public string? Png => Data.GetValueOrDefault("image/png");

    public string? Json => Data.GetValueOrDefault("application/json");
}
