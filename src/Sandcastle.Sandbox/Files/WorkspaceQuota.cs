namespace Sandcastle.Sandbox.Files;

/// <summary>The byte quota of one workspace; <see cref="long.MaxValue"/> means unlimited (and skips measuring).</summary>
internal sealed record WorkspaceQuota(long Bytes, string SandboxLabel)
{
    public bool IsUnlimited => Bytes == long.MaxValue;

    public WorkspaceQuotaExceededException Exceeded() => new(SandboxLabel, Bytes);

    /// <summary>Workspace directories live at .../sandboxes/&lt;id&gt;/workspace; name the sandbox when we can.</summary>
    public static string LabelFor(string workspaceRoot)
    {
        var trimmed = workspaceRoot.TrimEnd('/');
        return Path.GetFileName(trimmed) == "workspace" && Path.GetFileName(Path.GetDirectoryName(trimmed)) is { Length: > 0 } id
            ? id
            : trimmed;
    }
}
