using Sandcastle.Sandbox;
using Sandcastle.Sessions.Previews;

namespace Sandcastle.Server.Previews;

/// <summary>
/// The host form of a preview URL, <c>{port}-{id}-{token}.{domain}</c>: one DNS label (so one wildcard record and one
/// wildcard certificate serve every port), at most 63 characters. Ids may hold hyphens; the port (digits) leads and
/// the token (hex) ends the label, so it parses unambiguously.
/// </summary>
internal static class PreviewHostName
{
    private const int MaxLabelLength = 63;

    /// <summary>The port's host name, or null when its label would be longer than DNS allows (a long sandbox id).</summary>
    public static string? Format(PreviewPort preview, string domain)
    {
        var label = $"{preview.Port}-{preview.SandboxId}-{preview.HostToken}";
        return label.Length > MaxLabelLength ? null : $"{label}.{Normalize(domain)}";
    }

    /// <summary>Whether <paramref name="host"/> is under the domain (a preview request, whatever its label holds).</summary>
    public static bool IsUnder(string host, string domain, out string label)
    {
        host = host.TrimEnd('.').ToLowerInvariant();
        var suffix = "." + Normalize(domain);
        label = host.EndsWith(suffix, StringComparison.Ordinal) ? host[..^suffix.Length] : "";
        return label.Length > 0;
    }

    /// <summary>Splits a label into port, sandbox id and token; false when it is not of that shape.</summary>
    public static bool TryParse(string label, out int port, out string id, out string token)
    {
        port = 0;
        id = token = "";
        var first = label.IndexOf('-');
        var last = label.LastIndexOf('-');
        if (first <= 0 || last <= first + 1 || label.Length > MaxLabelLength)
            return false;
        id = label[(first + 1)..last];
        token = label[(last + 1)..];
        return int.TryParse(label.AsSpan(0, first), System.Globalization.NumberStyles.None, null, out port)
            && SandboxIds.IsValid(id) && token.Length > 0;
    }

    public static string Normalize(string domain) => domain.Trim().TrimStart('*', '.').TrimEnd('.').ToLowerInvariant();
}
