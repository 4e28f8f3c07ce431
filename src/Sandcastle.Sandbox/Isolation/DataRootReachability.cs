using System.Diagnostics;

namespace Sandcastle.Sandbox.Isolation;

/// <summary>
/// Whether the sandbox uid can reach the directories bound into every sandbox (workspaces, snippets, etc, cache).
/// A data root under a 0700 directory (root's home) otherwise fails every run with a raw bubblewrap message. Checked
/// as that uid, with the same setpriv the launcher uses: the kernel's answer, not a reading of modes.
/// </summary>
internal static class DataRootReachability
{
    /// <summary>What to fix, naming the first directory the sandbox uid cannot pass; null when all are reachable.</summary>
    public static string? Check(SandboxHostPaths paths, SandboxOptions options, int sandboxUid, bool privileged)
    {
        // Unprivileged, the sandbox runs as our own uid, which reached these directories to make them.
        if (!privileged || !File.Exists(options.SetprivPath))
            return null;
        var directories = new[] { paths.SandboxesDirectory, paths.RunDirectory, paths.EtcDirectory, paths.CacheDirectory }
            .SelectMany(Ancestors).Distinct(StringComparer.Ordinal).ToList();
        var blocked = FirstUnreachable(options.SetprivPath, sandboxUid, directories);
        if (blocked is null)
            return null;
        var mode = Convert.ToString((int)File.GetUnixFileMode(blocked), 8).PadLeft(4, '0');
        return $"the sandbox user (uid {sandboxUid}) cannot reach the data root {paths.Root}: {blocked} (mode {mode}) does not let it through. "
            + $"Use a data root outside it (SANDCASTLE_DATA_DIR=/var/lib/sandcastle, the default as root), or let others pass: chmod o+x {blocked}.";
    }

    private static IEnumerable<string> Ancestors(string directory)
    {
        var chain = new List<string>();
        for (var current = Path.GetFullPath(directory); current is not null; current = Path.GetDirectoryName(current))
            chain.Insert(0, current);
        return chain;
    }

    private static string? FirstUnreachable(string setpriv, int uid, IReadOnlyList<string> directories)
    {
        var startInfo = new ProcessStartInfo(setpriv)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { $"--reuid={uid}", $"--regid={uid}", "--clear-groups", "/bin/sh", "-c",
            "for d; do test -x \"$d\" || { printf '%s' \"$d\"; exit 1; }; done", "sh" }.Concat(directories))
            startInfo.ArgumentList.Add(argument);
        startInfo.Environment.Clear();
        startInfo.Environment["PATH"] = "/usr/bin:/bin";
        using var process = Process.Start(startInfo)!;
        var blocked = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 || blocked.Length == 0 ? null : blocked;
    }
}
