namespace Sandcastle.Server.Sandboxes;

public sealed record FileListing(string Path, IReadOnlyList<FileEntryResponse> Entries);
