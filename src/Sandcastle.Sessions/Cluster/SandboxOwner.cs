namespace Sandcastle.Sessions.Cluster;

/// <summary>
/// Who holds a sandbox's workspace: the node's name (whose disk has its files) and the silo (the run of that node)
/// that claimed it, or "released" when the node handed it over on purpose. Stored as <c>NODE|SILO</c>.
/// </summary>
public sealed record SandboxOwner(string Node, string Silo)
{
    public const string ReleasedSilo = "released";

    public bool Released => Silo == ReleasedSilo;

    public string Value => $"{Node}|{Silo}";

    public static SandboxOwner? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        var bar = value.IndexOf('|', StringComparison.Ordinal);
        return bar <= 0 ? null : new SandboxOwner(value[..bar], value[(bar + 1)..]);
    }
}
