namespace Sandcastle.Client.Sandboxes;

/// <summary>A workspace entry; <see cref="Type"/> is file, directory, symlink or other; <see cref="Path"/> is relative to /workspace.</summary>
public sealed record FileEntry(string Name, string Path, string Type, long Size, DateTimeOffset ModifiedAt);

/// <summary>A file read as JSON: text as UTF-8, anything else base64 (<see cref="Encoding"/> says which).</summary>
public sealed record FileContent(string Path, string Content, string Encoding, bool IsBinary, string MimeType, long Size)
{
    /// <summary>The file's bytes, whichever way they were sent.</summary>
    public byte[] GetBytes() => Encoding == "base64" ? Convert.FromBase64String(Content) : System.Text.Encoding.UTF8.GetBytes(Content);
}

internal sealed record FileListingBody(string Path, IReadOnlyList<FileEntry> Entries);

internal sealed record ExistsBody(bool Exists, string? Type);
