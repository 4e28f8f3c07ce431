using System.Text.Json;
using Sandcastle.Sandbox;

namespace Sandcastle.Cli.Hosting;

/// <summary>
/// Who uses a data root. A running <c>sandcastle serve</c> owns it alone (its grains hold sandboxes that a local
/// <c>sandbox rm</c> would break under it); local commands share it with each other. Advisory locks on
/// <c>&lt;data root&gt;/owner.lock</c> (.NET takes flock: exclusive for FileShare.None, shared otherwise), released by the
/// kernel when the process ends, so a crashed server leaves nothing stale behind.
/// </summary>
public static class DataRootOwner
{
    private const string LockFile = "owner.lock";
    private const string ServerFile = "server.json";

    // Held for the process's life: the lock is the claim.
    private static FileStream? _held;

    /// <summary>For <c>serve</c>: the data root alone, or a <see cref="CliFailureException"/> naming who has it.</summary>
    public static void ClaimForServer(string dataRoot, IReadOnlyList<Uri> urls)
    {
        _held = Open(dataRoot, FileShare.None) ?? throw Busy(dataRoot, server: true);
        File.WriteAllText(Path.Combine(dataRoot, ServerFile), JsonSerializer.Serialize(new ServerRecord(Environment.ProcessId, [.. urls.Select(u => u.GetLeftPart(UriPartial.Authority))])));
    }

    /// <summary>For a local command: shared with other local commands, refused while a server owns the data root.</summary>
    public static void ClaimShared(string dataRoot)
    {
        if (_held is not null)
            return;
        _held = Open(dataRoot, FileShare.ReadWrite) ?? throw Busy(dataRoot, server: false);
    }

    private static FileStream? Open(string dataRoot, FileShare share)
    {
        Directory.CreateDirectory(dataRoot);
        try
        {
            return new FileStream(Path.Combine(dataRoot, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, share);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static CliFailureException Busy(string dataRoot, bool server)
    {
        if (server)
        {
            return new(ExitCodes.DataRootBusy,
                $"another sandcastle program is using the data root {dataRoot}{Describe(dataRoot)}; a server must own it alone. Stop it, or give this server its own SANDCASTLE_DATA_DIR.");
        }
        var record = Read(dataRoot);
        var url = record?.Urls is [var first, ..] ? first : null;
        return new(ExitCodes.DataRootBusy,
            $"a running sandcastle server{(record is null ? "" : $" (pid {record.Pid}{(url is null ? "" : $", {url}")})")} owns the data root {dataRoot}: "
            + $"go through it with --server {url ?? "URL"}, or stop it first.");
    }

    private static string Describe(string dataRoot) => Read(dataRoot) is { } record ? $" (a server, pid {record.Pid}, {string.Join(", ", record.Urls)})" : "";

    private static ServerRecord? Read(string dataRoot)
    {
        try
        {
            return JsonSerializer.Deserialize<ServerRecord>(File.ReadAllText(Path.Combine(dataRoot, ServerFile)));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed record ServerRecord(int Pid, IReadOnlyList<string> Urls);
}
