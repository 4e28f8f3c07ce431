namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// The fork server's program (forkserver.py and its package) and the compiled seccomp filter it applies, in one host directory that the
/// fork-server container binds read-only at /run/sandcastle (every execution mounts its own over it).
/// </summary>
internal static class ForkServerFiles
{
    public const string ProgramFileName = "forkserver.py";
    public const string FilterFileName = "seccomp.bpf";

    /// <summary>The native zygote and its spares' pid 1 (Native/exec_init.c), shipped when the engine was built with a C compiler.</summary>
    public const string ExecInitFileName = "sandcastle-exec-init";

    /// <summary>Whether this build ships <see cref="ExecInitFileName"/>: without it, no spare is native.</summary>
    public static bool HasExecInit { get; } =
        typeof(ForkServerFiles).Assembly.GetManifestResourceInfo("forkserver/" + ExecInitFileName) is not null;

    /// <summary>Where a fork-server container sees the directory of all sandboxes (each execution unmounts it).</summary>
    public const string SandboxesMountPoint = "/run/sandcastle-sandboxes";

    /// <summary>
    /// Where it sees the workspace volumes' mount points (a slave of the host's shared volumes directory: later
    /// mounts arrive); an execution binds its own and covers the rest.
    /// </summary>
    public const string VolumesMountPoint = "/run/sandcastle-volumes";

    /// <summary>Where it sees matplotlib's prebuilt font list (bound into each execution's MPLCONFIGDIR).</summary>
    public const string FontsMountPoint = "/run/sandcastle-fonts";

    /// <summary>Writes the files (atomically, only when they differ) and returns the directory.</summary>
    public static string Prepare(string runDirectory, string? seccompFilter)
    {
        var directory = Path.Combine(runDirectory, "forkserver");
        CreateReadableDirectory(directory);
        foreach (var (relativePath, bytes) in ReadProgram())
        {
            var path = Path.Combine(directory, relativePath);
            CreateReadableDirectory(Path.GetDirectoryName(path)!);
            WriteIfChanged(path, bytes, executable: relativePath == ExecInitFileName);
        }
        var filter = Path.Combine(directory, FilterFileName);
        if (seccompFilter is not null)
            WriteIfChanged(filter, File.ReadAllBytes(seccompFilter));
        else if (File.Exists(filter))
            File.Delete(filter);
        return directory;
    }

    /// <summary>The program's files (the entry point and its package), by their path under the directory.</summary>
    private static IEnumerable<(string RelativePath, byte[] Bytes)> ReadProgram()
    {
        const string prefix = "forkserver/";
        var assembly = typeof(ForkServerFiles).Assembly;
        var names = assembly.GetManifestResourceNames().Where(name => name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (!names.Contains(prefix + ProgramFileName))
            throw new InvalidOperationException("The fork server program is missing from the assembly.");
        foreach (var name in names)
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            yield return (name[prefix.Length..], copy.ToArray());
        }
    }

    private static void CreateReadableDirectory(string directory)
    {
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    private static void WriteIfChanged(string path, byte[] bytes, bool executable = false)
    {
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        if (executable)
            mode |= UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if (File.Exists(path) && File.GetUnixFileMode(path) == mode && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
            return;
        var temporary = $"{path}.{Guid.NewGuid():N}";
        File.WriteAllBytes(temporary, bytes);
        File.SetUnixFileMode(temporary, mode);
        File.Move(temporary, path, overwrite: true);
    }
}
