using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Sandcastle.Server.Sandboxes;

namespace Sandcastle.Server.Mcp;

/// <summary>Sandbox files as MCP resources, <c>sandcastle://sandboxes/{sandboxId}/files/{path}</c>, for clients that attach resources to a conversation.</summary>
[McpServerResourceType]
internal sealed class SandboxFileResources(McpCaller caller, SandboxFiles files)
{
    public const string Template = "sandcastle://sandboxes/{sandboxId}/files/{+path}";

    public static string Uri(string sandboxId, string path) => $"sandcastle://sandboxes/{sandboxId}/files/{path}";

    [McpServerResource(UriTemplate = Template, Name = "sandbox_file", Title = "A file in a sandbox")]
    [Description("A file of a sandbox's /workspace: text, or base64 for binary content.")]
    public Task<ResourceContents> ReadAsync(string sandboxId, string path) =>
        ToolResults.GuardResourceAsync<ResourceContents>(async () =>
        {
            var (bytes, entry) = await FileTools.ReadAsync(files, caller, sandboxId, path);
            var uri = Uri(sandboxId, entry.Path);
            var mime = FileContent.MimeType(entry.Path);
            return FileContent.AsText(bytes) is { } text
                ? new TextResourceContents { Uri = uri, MimeType = mime, Text = text }
                : BlobResourceContents.FromBytes(bytes, uri, mime);
        });
}
