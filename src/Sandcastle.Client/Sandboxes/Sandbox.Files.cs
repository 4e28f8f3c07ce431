using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sandcastle.Client.Http;

namespace Sandcastle.Client.Sandboxes;

/// <summary>Files of the sandbox's workspace; paths are relative to /workspace.</summary>
public sealed partial class Sandbox
{
    /// <summary>A directory's entries (the workspace itself by default).</summary>
    public async Task<IReadOnlyList<FileEntry>> ListFilesAsync(string path = "", bool recursive = false, CancellationToken cancellationToken = default)
    {
        // A file answers with its own bytes, a directory with a JSON listing.
        using var response = await _connection.SendRawAsync(HttpMethod.Get, FilesPath(path) + (recursive ? "?recursive=true" : ""), null, null, cancellationToken);
        FileListingBody? listing = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            try
            {
                listing = await response.Content.ReadFromJsonAsync<FileListingBody>(SandcastleJson.Options, cancellationToken);
            }
            catch (JsonException)
            {
                // A .json file that is not a listing.
            }
        }
        return listing?.Entries ?? throw new SandcastleApiException(400, "Not a directory", $"'{path}' is a file, not a directory.", "not_a_directory");
    }

    /// <summary>A file as UTF-8 text.</summary>
    public async Task<string> ReadFileAsync(string path, CancellationToken cancellationToken = default) =>
        System.Text.Encoding.UTF8.GetString(await ReadFileBytesAsync(path, cancellationToken));

    public async Task<byte[]> ReadFileBytesAsync(string path, CancellationToken cancellationToken = default)
    {
        using var response = await _connection.SendRawAsync(HttpMethod.Get, FilesPath(path), null, null, cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType == "application/json" && !path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            throw new SandcastleApiException(400, "Not a file", $"'{path}' is a directory; list it with ListFilesAsync.", "not_a_file");
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>Streams a file of any size into <paramref name="destination"/>.</summary>
    public async Task CopyFileToAsync(string path, Stream destination, CancellationToken cancellationToken = default)
    {
        using var response = await _connection.SendRawAsync(HttpMethod.Get, FilesPath(path), null, null, cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }

    /// <summary>A file with its media type, text or base64.</summary>
    public Task<FileContent> ReadFileContentAsync(string path, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<FileContent>(HttpMethod.Get, FilesPath(path) + "?format=json", null, cancellationToken);

    /// <summary>Writes text as UTF-8, creating parent directories.</summary>
    public Task<FileEntry> WriteFileAsync(string path, string text, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<FileEntry>(HttpMethod.Put, FilesPath(path), new { Content = text, Encoding = "utf-8" }, cancellationToken);

    public Task<FileEntry> WriteFileAsync(string path, byte[] bytes, CancellationToken cancellationToken = default) =>
        WriteFileAsync(path, new MemoryStream(bytes, writable: false), cancellationToken);

    /// <summary>Uploads a stream as the file's content (any size up to the server's limit).</summary>
    public async Task<FileEntry> WriteFileAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        var body = new StreamContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await _connection.SendRawAsync(HttpMethod.Put, FilesPath(path), null, null, cancellationToken, body);
        return (await response.Content.ReadFromJsonAsync<FileEntry>(SandcastleJson.Options, cancellationToken))!;
    }

    public Task DeleteFileAsync(string path, bool recursive = false, CancellationToken cancellationToken = default) =>
        _connection.SendAsync(HttpMethod.Delete, FilesPath(path) + (recursive ? "?recursive=true" : ""), null, cancellationToken);

    public async Task<bool> ExistsAsync(string path, CancellationToken cancellationToken = default) =>
        (await _connection.SendAsync<ExistsBody>(HttpMethod.Get, Path($"/exists?path={Uri.EscapeDataString(path)}"), null, cancellationToken)).Exists;

    public Task<FileEntry> MakeDirectoryAsync(string path, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<FileEntry>(HttpMethod.Post, Path("/mkdir"), new { Path = path }, cancellationToken);

    public Task<FileEntry> MoveAsync(string from, string to, bool overwrite = false, CancellationToken cancellationToken = default) =>
        _connection.SendAsync<FileEntry>(HttpMethod.Post, Path("/move"), new { From = from, To = to, Overwrite = overwrite }, cancellationToken);

    private string FilesPath(string path) => Path("/files/" + SandcastleConnection.FilePath(path));
}
