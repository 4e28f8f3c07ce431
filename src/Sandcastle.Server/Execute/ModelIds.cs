using System.Text.RegularExpressions;

namespace Sandcastle.Server.Execute;

/// <summary>
/// What a caller-chosen model id may look like. It is passed to the model API as is, so it is kept to the
/// characters real ids use (claude-sonnet-4-5, anthropic/claude-3.5, llama3.1:8b, model@2024-10-22).
/// </summary>
public static partial class ModelIds
{
    public const int MaxLength = 128;

    public static bool IsValid(string id) => id.Length is > 0 and <= MaxLength && Pattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:@/-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
