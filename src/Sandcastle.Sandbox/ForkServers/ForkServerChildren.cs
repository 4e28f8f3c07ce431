using System.Globalization;
using Sandcastle.Sandbox.Native;

namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// Finds, on the host, the processes the helper reports by their pid inside its container: its children, whose
/// NSpid ends with that pid. The helper itself is found once, down from the container's launcher.
/// </summary>
internal sealed class ForkServerChildren(int launcherPid)
{
    private int _serverPid;

    /// <summary>The host pid of the helper's child with this pid in the container, or null if it has none.</summary>
    public int? FindHostPid(int namespacePid)
    {
        var server = _serverPid != 0 ? _serverPid : _serverPid = FindServer();
        var wanted = namespacePid.ToString(CultureInfo.InvariantCulture);
        foreach (var child in ProcessTable.Children(server))
        {
            var nsPid = ProcessTable.StatusField(child, "NSpid")?.Split('\t', StringSplitOptions.RemoveEmptyEntries);
            if (nsPid is { Length: > 1 } && nsPid[^1] == wanted)
                return child;
        }
        return null;
    }

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
