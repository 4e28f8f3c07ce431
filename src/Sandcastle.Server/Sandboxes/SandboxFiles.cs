using Microsoft.AspNetCore.Http;
using Sandcastle.Sandbox;
using Sandcastle.Sandbox.Files;
using Sandcastle.Server.Tenancy;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Sandboxes;

/// <summary>Opens the caller's sandbox (waking it, and proving it is theirs) and gives its confined file system.</summary>
internal sealed class SandboxFiles(SandboxDirectory sandboxes, SandboxEngine engine)
{
    public Task<WorkspaceFileSystem> OpenAsync(string id, HttpContext http) => OpenAsync(SandboxAddress.Create(Tenant.From(http).Id, id));

    public async Task<WorkspaceFileSystem> OpenAsync(SandboxAddress address)
    {
        var workspace = await sandboxes.Get(address).OpenWorkspaceAsync();
        return new WorkspaceFileSystem(workspace.Path, engine.SandboxUid, engine.SandboxUid,
            workspace.QuotaBytes > 0 ? workspace.QuotaBytes : long.MaxValue, workspace.WorkspaceId);
    }
}
