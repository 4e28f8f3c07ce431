using Sandcastle.Client;
using RemoteSandbox = Sandcastle.Client.Sandboxes.Sandbox;

namespace Sandcastle.Cli.Running;

/// <summary>
/// A run's sandbox on a server with the /v1/sandboxes API: components are uploaded into its .claude/ before the
/// run and the files the program made are downloaded after it, as an embedded run does on disk.
/// </summary>
public sealed class ServerWorkspace(RemoteSandbox sandbox, bool ownsSandbox)
{
    private Dictionary<string, (long, DateTimeOffset)> _before = [];

    public string SandboxId => sandbox.Id;

    /// <summary>The named sandbox (its settings kept), or a fresh one of the run's own, when the server has the sandbox API; else null.</summary>
    public static async Task<ServerWorkspace?> OpenAsync(SandcastleClient client, string? sandboxId, CancellationToken cancellationToken)
    {
        try
        {
            await client.ListSandboxesAsync(cancellationToken);
        }
        catch (SandcastleApiException e) when (e.StatusCode is 404 or 405)
        {
            return null;
        }
        if (sandboxId is not null)
            return new ServerWorkspace(await client.GetSandboxAsync(sandboxId, cancellationToken), ownsSandbox: false);
        return new ServerWorkspace(await client.CreateSandboxAsync($"run-{Guid.NewGuid():N}"[..20], cancellationToken: cancellationToken), ownsSandbox: true);
    }

    public async Task PrepareAsync(PreparedRun run, IReadOnlyList<Inputs.InputFile> files, CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            await using var stream = File.OpenRead(file.LocalPath);
            await sandbox.WriteFileAsync(file.Name, stream, cancellationToken);
        }
        foreach (var agent in run.Agents)
            await sandbox.WriteFileAsync($"{WorkspaceComponents.Folder}/agents/{agent.File.Entry.ShortName}.md", agent.File.Text, cancellationToken);
        foreach (var command in run.Commands)
            await sandbox.WriteFileAsync($"{WorkspaceComponents.Folder}/commands/{command.File.Entry.ShortName}.md", command.File.Text, cancellationToken);
        _before = (await ListAsync(cancellationToken)).ToDictionary(f => f.Path, f => (f.Size, f.ModifiedAt), StringComparer.Ordinal);
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
                await sandbox.CopyFileToAsync(file.Path, stream, cancellationToken);
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
            await sandbox.DeleteAsync(cancellationToken);
        }
        catch (Exception e) when (e is SandcastleApiException or HttpRequestException)
        {
            // The run's own result matters more than tidying up; the server's idle policy removes it later.
        }
    }

    private async Task<List<Sandcastle.Client.Sandboxes.FileEntry>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await sandbox.ListFilesAsync("", recursive: true, cancellationToken)).Where(f => f.Type == "file")];
}
