namespace Sandcastle.Cli.Sandboxes;

/// <summary>A workspace entry as listed.</summary>
public sealed record SandboxFileRow(string Path, string Type, long Size, DateTimeOffset ModifiedAt);
