using System.Text.Json.Nodes;
using Sandcastle.Cli.Remote;
using Sandcastle.Cli.Sandboxes;

namespace Sandcastle.Cli.Running;

/// <summary>
/// A run's sandbox on a server with the /v1/sandboxes API: components are uploaded into its .claude/ before the
/// run and the files the program made are downloaded after it, as an embedded run does on disk.
/// </summary>
public sealed class ServerWorkspace(SandcastleClient client, string sandboxId, bool ownsSandbox)
{
    private readonly ServerSandboxAdmin _admin = new(client);
    private Dictionary<string, (long, DateTimeOffset)> _before = [];

    public string SandboxId { get; } = sandboxId;

    /// <summary>The named sandbox, or a fresh one of the run's own when the server has the sandbox API; else null.</summary>
    public static async Task<ServerWorkspace?> OpenAsync(SandcastleClient client, string? sandboxId, CancellationToken cancellationToken)
    {
        var (listing, _, _) = await client.GetAsync("/v1/sandboxes", cancellationToken);
        if (listing is null)
            return null;
        var id = sandboxId ?? $"run-{Guid.NewGuid():N}"[..20];
        await client.PutJsonAsync($"/v1/sandboxes/{id}", new JsonObject(), cancellationToken);
        return new ServerWorkspace(client, id, ownsSandbox: sandboxId is null);
    }

    public async Task PrepareAsync(PreparedRun run, IReadOnlyList<Inputs.InputFile> files, CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            await using var stream = File.OpenRead(file.LocalPath);
            await _admin.WriteFileAsync(SandboxId, file.Name, stream, cancellationToken);
        }
        foreach (var agent in run.Agents)
            await UploadAsync($"{WorkspaceComponents.Folder}/agents/{agent.File.Entry.ShortName}.md", agent.File.Text, cancellationToken);
        foreach (var command in run.Commands)
            await UploadAsync($"{WorkspaceComponents.Folder}/commands/{command.File.Entry.ShortName}.md", command.File.Text, cancellationToken);
        _before = (await ListAsync(cancellationToken)).ToDictionary(r => r.Path, r => (r.Size, r.ModifiedAt), StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<string>> DownloadChangedAsync(string directory, CancellationToken cancellationToken)
    {
        var saved = new List<string>();
        foreach (var file in await ListAsync(cancellationToken))
        {
            if (file.Path.StartsWith(WorkspaceComponents.Folder + "/", StringComparison.Ordinal)
                || (_before.TryGetValue(file.Path, out var old) && old == (file.Size, file.ModifiedAt)))
                continue;
            var target = Path.Combine(directory, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await using (var stream = File.Create(target))
                await _admin.CopyFileAsync(SandboxId, file.Path, stream, cancellationToken);
            saved.Add(target);
        }
        return saved;
    }

    /// <summary>Removes the sandbox when the run made it.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (!ownsSandbox)
            return;
        try
        {
            await _admin.RemoveAsync(SandboxId, cancellationToken);
        }
        catch (CliFailureException)
        {
            // The run's own result matters more than tidying up; the server's idle policy removes it later.
        }
    }

    private async Task<List<SandboxFileRow>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await _admin.ListFilesAsync(SandboxId, "", recursive: true, cancellationToken) ?? []).Where(r => r.Type == "file")];

    private Task UploadAsync(string path, string text, CancellationToken cancellationToken) =>
        client.PutJsonAsync($"/v1/sandboxes/{SandboxId}/files/{path}", new JsonObject { ["content"] = text, ["encoding"] = "utf-8" }, cancellationToken);
}
