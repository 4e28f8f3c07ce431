using System.ComponentModel;
using System.Text;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Mcp;

/// <summary>Tools that create, list and delete the caller's sandboxes.</summary>
[McpServerToolType]
internal sealed class SandboxTools(McpCaller caller)
{
    [McpServerTool(Name = "create_sandbox", Title = "Create a sandbox", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Creates a named, persistent sandbox (or updates an existing one's environment): its files, background processes and code contexts "
        + "are kept between calls. It sleeps after idle time (its files stay) and wakes on the next call.")]
    public Task<CallToolResult> CreateSandbox(
        [Description("The sandbox's id: 1-63 of a-z, 0-9 and '-'.")] string sandboxId,
        [Description("Environment variables every command in it gets, e.g. {\"DEBUG\": \"1\"}.")] Dictionary<string, string>? env = null,
        [Description("Idle seconds before it sleeps; default 600.")] double? sleepAfterSeconds = null) =>
        ToolResults.GuardAsync(async () =>
        {
            var view = await caller.Sandbox(sandboxId).CreateOrUpdateAsync(new SandboxSettings
            {
                Environment = env,
                SleepAfter = sleepAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
            });
            return ToolResults.Text($"{(view.Created ? "created" : "updated")} sandbox {sandboxId} (sleeps after {view.Metadata.SleepAfter.TotalSeconds:0} idle seconds)");
        });

    [McpServerTool(Name = "list_sandboxes", Title = "List sandboxes", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Lists your sandboxes with when they were created and last used.")]
    public Task<CallToolResult> ListSandboxes() =>
        ToolResults.GuardAsync(async () =>
        {
            var all = await caller.ListAsync();
            if (all.Count == 0)
                return ToolResults.Text("no sandboxes");
            var text = new StringBuilder();
            foreach (var sandbox in all.OrderBy(s => s.Id, StringComparer.Ordinal))
                text.Append($"{sandbox.Id}  created {sandbox.CreatedAt:u}  last used {sandbox.LastUsedAt:u}\n");
            return ToolResults.Text(text.ToString());
        });

    [McpServerTool(Name = "delete_sandbox", Title = "Delete a sandbox", ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = false)]
    [Description("Deletes a sandbox: kills its processes and code contexts and deletes all its files. This cannot be undone.")]
    public Task<CallToolResult> DeleteSandbox([Description("The sandbox's id.")] string sandboxId) =>
        ToolResults.GuardAsync(async () =>
        {
            await caller.Sandbox(sandboxId).DestroyAsync();
            return ToolResults.Text($"deleted sandbox {sandboxId}");
        });
}
