using System.ComponentModel;
using System.Text;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Sandcastle.Sandbox.Files;
using Sandcastle.Server.Sandboxes;

namespace Sandcastle.Server.Mcp;

/// <summary>Files of a sandbox's /workspace, through the same confined file system as the REST API.</summary>
[McpServerToolType]
internal sealed class FileTools(McpCaller caller, SandboxFiles files)
{
    /// <summary>What one read hands a model; bigger files are for run_shell (head, grep) or the REST API.</summary>
    internal const int MaxReadBytes = 4 * 1024 * 1024;

    [McpServerTool(Name = "list_files", Title = "List files in a sandbox", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Lists a directory of a sandbox's /workspace: type, size, modification time and path of each entry.")]
    public Task<CallToolResult> ListFiles(
        [Description("The sandbox.")] string sandboxId,
        [Description("A directory relative to /workspace; default: /workspace itself.")] string path = "",
        [Description("Include subdirectories' contents.")] bool recursive = false) =>
        ToolResults.GuardAsync(async () =>
        {
            var fs = await files.OpenAsync(caller.Address(sandboxId));
            var entries = fs.List(path, recursive);
            if (entries.Count == 0)
                return ToolResults.Text($"{(path.Length == 0 ? "/workspace" : path)} is empty");
            var text = new StringBuilder();
            foreach (var entry in entries)
                text.Append($"{entry.Type.ToString().ToLowerInvariant(),-9} {entry.Size,10} {entry.ModifiedAt:u}  {entry.Path}\n");
            return ToolResults.Text(text.ToString());
        });

    [McpServerTool(Name = "read_file", Title = "Read a file from a sandbox", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Reads a file of a sandbox's /workspace: text as text, images (PNG, JPEG, GIF, WebP) as images, other binary files as base64 resources.")]
    public Task<CallToolResult> ReadFile(
        [Description("The sandbox.")] string sandboxId,
        [Description("The file, relative to /workspace.")] string path) =>
        ToolResults.GuardAsync(async () =>
        {
            var (bytes, entry) = await ReadAsync(files, caller, sandboxId, path);
            var mime = FileContent.MimeType(entry.Path);
            ContentBlock block = mime.StartsWith("image/", StringComparison.Ordinal) && mime != "image/svg+xml"
                ? ImageContentBlock.FromBytes(bytes, mime)
                : FileContent.AsText(bytes) is { } text
                    ? new TextContentBlock { Text = text }
                    : new EmbeddedResourceBlock { Resource = BlobResourceContents.FromBytes(bytes, SandboxFileResources.Uri(sandboxId, entry.Path), mime) };
            return new CallToolResult { Content = [block] };
        });

    [McpServerTool(Name = "write_file", Title = "Write a file in a sandbox", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = false)]
    [Description("Writes a file in a sandbox's /workspace, creating parent directories and replacing any file already there.")]
    public Task<CallToolResult> WriteFile(
        [Description("The sandbox (created if new).")] string sandboxId,
        [Description("The file, relative to /workspace.")] string path,
        [Description("The file's content.")] string content,
        [Description("utf-8 (default) or base64 (for binary content).")] string encoding = "utf-8") =>
        ToolResults.GuardAsync(async () =>
        {
            var bytes = encoding.Trim().ToLowerInvariant() switch
            {
                "utf-8" or "utf8" or "text" => Encoding.UTF8.GetBytes(content),
                "base64" => Convert.FromBase64String(content),
                _ => throw new FormatException($"Unknown encoding '{encoding}': use utf-8 or base64."),
            };
            await using var lease = await caller.LeaseAsync(sandboxId);
            var fs = await files.OpenAsync(caller.Address(sandboxId));
            await fs.WriteBytesAsync(path, bytes, createParents: true);
            var entry = fs.Stat(path)!;
            return ToolResults.Text($"wrote {entry.Size} bytes to {entry.Path}");
        });

    /// <summary>A file's bytes, refusing directories and files past <see cref="MaxReadBytes"/> with messages that say what to do instead.</summary>
    internal static async Task<(byte[] Bytes, WorkspaceEntry Entry)> ReadAsync(SandboxFiles files, McpCaller caller, string sandboxId, string path)
    {
        var fs = await files.OpenAsync(caller.Address(sandboxId));
        var entry = fs.Stat(path) ?? throw new FileNotFoundException($"'{path}' does not exist in the workspace of {sandboxId}; list_files shows what is there.");
        if (entry.Type == WorkspaceEntryType.Directory)
            throw new IOException($"'{path}' is a directory; list it with list_files.");
        if (entry.Size > MaxReadBytes)
            throw new IOException($"'{path}' has {entry.Size} bytes, more than the {MaxReadBytes} read_file returns; look at part of it with run_shell (head, tail, grep).");
        return (await fs.ReadBytesAsync(entry.Path), entry);
    }
}
