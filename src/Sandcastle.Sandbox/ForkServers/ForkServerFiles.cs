namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// The fork server's program and the compiled seccomp filter it applies, in one host directory that the
/// fork-server container binds read-only at /run/sandcastle (every execution mounts its own over it).
/// </summary>
internal static class ForkServerFiles
{
    public const string ProgramFileName = "forkserver.py";
    public const string FilterFileName = "seccomp.bpf";

    /// <summary>Where a fork-server container sees the directory of all sandboxes (each execution unmounts it).</summary>
    public const string SandboxesMountPoint = "/run/sandcastle-sandboxes";

    /// <summary>Where it sees matplotlib's prebuilt font list (bound into each execution's MPLCONFIGDIR).</summary>
    public const string FontsMountPoint = "/run/sandcastle-fonts";

    /// <summary>Writes the files (atomically, only when they differ) and returns the directory.</summary>
    public static string Prepare(string runDirectory, string? seccompFilter)
    {
        var directory = Path.Combine(runDirectory, "forkserver");
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        WriteIfChanged(Path.Combine(directory, ProgramFileName), ReadProgram());
        var filter = Path.Combine(directory, FilterFileName);
        if (seccompFilter is not null)
            WriteIfChanged(filter, File.ReadAllBytes(seccompFilter));
        else if (File.Exists(filter))
            File.Delete(filter);
        return directory;
    }

    private static byte[] ReadProgram()
    {
        using var stream = typeof(ForkServerFiles).Assembly.GetManifestResourceStream("Sandcastle.Sandbox.ForkServers.forkserver.py")
            ?? throw new InvalidOperationException("The fork server program is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static void WriteIfChanged(string path, byte[] bytes)
    {
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
            return;
        var temporary = $"{path}.{Guid.NewGuid():N}";
        File.WriteAllBytes(temporary, bytes);
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.Move(temporary, path, overwrite: true);
    }
}
