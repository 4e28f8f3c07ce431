using System.Text.RegularExpressions;

namespace Sandcastle.Sandbox;

/// <summary>Sandbox ids: 1–63 characters of <c>[a-z0-9-]</c>, starting with a letter or digit (a DNS label).</summary>
public static partial class SandboxIds
{
    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    public static void Validate(string? id)
    {
        if (!IsValid(id))
            throw new InvalidSandboxIdException(id);
    }

    /// <summary>A fresh id for a sandbox that lives for one request.</summary>
    public static string NewEphemeral() => $"tmp-{Guid.NewGuid():N}"[..28];

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex Pattern();
}
