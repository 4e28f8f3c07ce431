using System.Globalization;
using Sandcastle.Sandbox.Native;

namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// Finds, on the host, the processes the helper reports by their pid inside its container: its children, whose
/// NSpid holds that pid at the container's level (a spare is pid 1 of a namespace further down, so its NSpid ends
/// with 1). The helper itself is found once, down from the container's launcher.
/// </summary>
internal sealed class ForkServerChildren(int launcherPid)
{
    private int _serverPid;
    private int _containerLevel;

    /// <summary>The host pid of the helper's child with this pid in the container, or null if it has none.</summary>
    public int? FindHostPid(int namespacePid)
    {
        if (_serverPid == 0)
        {
            var server = FindServer();
            // The helper's own NSpid: the host's pid, then the container's; its last entry is the container's level.
            // Kept only once read: a failed read is tried again with the next spare rather than failing them all.
            var level = (NamespacePids(server)?.Length ?? 0) - 1;
            if (level < 1)
                return null;
            (_containerLevel, _serverPid) = (level, server);
        }
        var wanted = namespacePid.ToString(CultureInfo.InvariantCulture);
        // Newest first: the spare just announced is the last the server's children list holds (the zygote and the
        // other spares, read first, cost a /proc read each).
        var children = ProcessTable.Children(_serverPid);
        for (var i = children.Count - 1; i >= 0; i--)
        {
            var child = children[i];
            if (NamespacePids(child) is { } nsPid && nsPid.Length > _containerLevel && nsPid[_containerLevel] == wanted)
                return child;
        }
        return null;
    }

    private static string[]? NamespacePids(int pid) =>
        ProcessTable.StatusField(pid, "NSpid")?.Split('\t', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The first process down from the launcher whose first argument is the helper's program (bwrap's and the init's have it further along).</summary>
    private int FindServer()
    {
        var pid = launcherPid;
        for (var depth = 0; depth < 4 && pid != 0; depth++)
        {
            if (ProcessTable.Arguments(pid) is [_, var program, ..] && program.EndsWith("/" + ForkServerFiles.ProgramFileName, StringComparison.Ordinal))
                return pid;
            pid = ProcessTable.Children(pid) is [var first, ..] ? first : 0;
        }
        throw new InvalidOperationException("The fork server process was not found.");
    }
}
