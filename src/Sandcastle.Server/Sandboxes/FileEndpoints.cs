using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sandcastle.Sandbox.Files;
using Sandcastle.Server.Tenancy;
using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Sandboxes;

/// <summary>
/// Files of a sandbox's workspace, confined to it by the kernel (openat2 beneath the root). Reads and writes stream;
/// a directory reads as a JSON listing; <c>?format=json</c> reads a file as JSON.
/// </summary>
internal static class FileEndpoints
{
    public static async Task<IResult> Read(
        string id, string? path, string? format, bool? recursive, HttpContext http, SandboxFiles files, IOptions<SandboxApiOptions> options,
        JsonFileReads readers)
    {
        var fs = await files.OpenAsync(id, http);
        var entry = fs.Stat(path ?? "") ?? throw new FileNotFoundException($"'{path}' does not exist in the workspace.");
        if (entry.Type == WorkspaceEntryType.Directory)
            return TypedResults.Ok(new FileListing(entry.Path, [.. fs.List(entry.Path, recursive ?? false).Select(FileEntryResponse.From)]));
        if (format == "json")
            return await ReadAsJsonAsync(entry.Path, fs, http, options.Value, readers);
        return TypedResults.Stream(fs.OpenRead(entry.Path), FileContent.MimeType(entry.Path), enableRangeProcessing: true);
    }

    /// <summary>
    /// The file read whole from the descriptor the check was made on (a file swapped or grown after the check reads
    /// no further than the cap), by at most a few readers of a tenant at once.
    /// </summary>
    private static async Task<IResult> ReadAsJsonAsync(string path, WorkspaceFileSystem fs, HttpContext http, SandboxApiOptions options, JsonFileReads readers)
    {
        using var permit = readers.TryAcquire(Tenant.From(http));
        if (permit is null)
            return SandboxErrors.Create(StatusCodes.Status429TooManyRequests, "too_many_requests",
                $"This tenant already reads {options.MaxConcurrentJsonReads} files as JSON at once; retry when one ends, or read the file raw (without ?format=json), which streams.");
        await using var stream = fs.OpenRead(path);
        var cap = options.MaxJsonFileBytes;
        if (stream.Length > cap)
            throw JsonReadTooLarge(path, cap);
        var bytes = new byte[(int)stream.Length];
        var read = await stream.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, http.RequestAborted);
        if (read == bytes.Length && await stream.ReadAsync(new byte[1], http.RequestAborted) > 0)
            throw JsonReadTooLarge(path, cap); // It grew since: rather than chase it, say so.
        bytes = read == bytes.Length ? bytes : bytes[..read];
        var text = FileContent.AsText(bytes);
        return TypedResults.Ok(new FileContentResponse(path, text ?? Convert.ToBase64String(bytes),
            text is null ? "base64" : "utf-8", text is null, FileContent.MimeType(path), bytes.LongLength));
    }

    private static SandboxRequestException JsonReadTooLarge(string path, long cap) => new(SandboxErrorKind.TooLarge,
        $"'{path}' is larger than the {cap} bytes read as JSON (setting SandboxApi:MaxJsonFileBytes), or grew while being read: read it raw (without ?format=json), which streams any size.");

    public static async Task<IResult> Exists(string id, string? path, HttpContext http, SandboxFiles files)
    {
        var fs = await files.OpenAsync(id, http);
        var entry = fs.Stat(path ?? "");
        return TypedResults.Ok(new ExistsResponse(entry is not null, entry?.Type.ToString().ToLowerInvariant()));
    }

    public static async Task<IResult> Write(string id, string path, HttpContext http, SandboxFiles files, IOptions<SandboxApiOptions> options)
    {
        var cap = options.Value.MaxFileBytes;
        if (http.Request.ContentLength > cap)
            throw CappedStream.FileTooLarge(cap);
        var fs = await files.OpenAsync(id, http);
        if (http.Request.HasJsonContentType())
        {
            FileWriteBody? body;
            try
            {
                body = await http.Request.ReadFromJsonAsync<FileWriteBody>(http.RequestAborted);
            }
            catch (JsonException)
            {
                body = null; // Not the JSON of an upload: answered below, as a missing 'content' is.
            }
            if (body?.Content is null)
                return SandboxErrors.BadRequest("A JSON upload needs 'content' (and optionally 'encoding': utf-8 or base64).");
            byte[] bytes;
            try
            {
                bytes = body.Encoding switch
                {
                    null or "utf-8" or "utf8" => Encoding.UTF8.GetBytes(body.Content),
                    "base64" => Convert.FromBase64String(body.Content),
                    _ => throw new FormatException($"Unknown encoding '{body.Encoding}'."),
                };
            }
            catch (FormatException e)
            {
                return SandboxErrors.BadRequest(e.Message);
            }
            if (bytes.LongLength > cap)
                throw CappedStream.FileTooLarge(cap);
            await fs.WriteBytesAsync(path, bytes, createParents: true, cancellationToken: http.RequestAborted);
        }
        else
        {
            await using var body = new CappedStream(http.Request.Body, cap);
            await fs.WriteAsync(path, body, createParents: true, cancellationToken: http.RequestAborted);
        }
        return TypedResults.Ok(FileEntryResponse.From(fs.Stat(path)!));
    }

    public static async Task<NoContent> Delete(string id, string path, bool? recursive, HttpContext http, SandboxFiles files)
    {
        var fs = await files.OpenAsync(id, http);
        if (fs.Stat(path) is null)
            throw new FileNotFoundException($"'{path}' does not exist in the workspace.");
        fs.Delete(path, recursive ?? false);
        return TypedResults.NoContent();
    }

    public static async Task<IResult> MakeDirectory(string id, PathBody body, HttpContext http, SandboxFiles files)
    {
        if (string.IsNullOrWhiteSpace(body.Path))
            return SandboxErrors.BadRequest("'path' is required.");
        var fs = await files.OpenAsync(id, http);
        fs.CreateDirectory(body.Path);
        return TypedResults.Ok(FileEntryResponse.From(fs.Stat(body.Path)!));
    }

    public static async Task<IResult> Move(string id, MoveBody body, HttpContext http, SandboxFiles files)
    {
        if (string.IsNullOrWhiteSpace(body.From) || string.IsNullOrWhiteSpace(body.To))
            return SandboxErrors.BadRequest("'from' and 'to' are required.");
        var fs = await files.OpenAsync(id, http);
        fs.Move(body.From, body.To, body.Overwrite);
        return TypedResults.Ok(FileEntryResponse.From(fs.Stat(body.To)!));
    }
}
