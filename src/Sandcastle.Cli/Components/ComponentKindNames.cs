namespace Sandcastle.Cli.Components;

public static class ComponentKindNames
{
    /// <summary>The folder the kind lives in: <c>agents</c> or <c>commands</c> (as in <c>.claude/</c> and catalogs).</summary>
    public static string FolderName(this ComponentKind kind) => kind == ComponentKind.Agent ? "agents" : "commands";

    public static string DisplayName(this ComponentKind kind) => kind == ComponentKind.Agent ? "agent" : "command";

    public static bool TryParse(string? text, out ComponentKind kind)
    {
        (var ok, kind) = text?.Trim().ToLowerInvariant() switch
        {
            "agent" or "agents" => (true, ComponentKind.Agent),
            "command" or "commands" => (true, ComponentKind.Command),
            _ => (false, ComponentKind.Agent),
        };
        return ok;
    }
}
