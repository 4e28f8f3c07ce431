using System.Diagnostics;

namespace Sandcastle.Sandbox.Volumes;

/// <summary>
/// The e2fsprogs and util-linux programs a workspace image needs (mkfs.ext4, resize2fs, mount -o loop),
/// found in the usual sbin directories. Each runs with an empty environment and a deadline; a failure carries
/// the program's own words.
/// </summary>
internal sealed class VolumeTools
{
    private static readonly string[] SearchPath = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private VolumeTools(string mkfs, string resize2fs, string mount)
    {
        Mkfs = mkfs;
        Resize2fs = resize2fs;
        MountProgram = mount;
    }

    public string Mkfs { get; }

    public string Resize2fs { get; }

    public string MountProgram { get; }

    /// <summary>The tools, or null with the name of the first one missing.</summary>
    public static VolumeTools? Find(out string? missing)
    {
        string? Locate(string name) => SearchPath.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
        var found = new[] { "mkfs.ext4", "resize2fs", "mount" }.Select(n => (Name: n, Path: Locate(n))).ToList();
        missing = found.FirstOrDefault(f => f.Path is null).Name;
        return missing is null ? new VolumeTools(found[0].Path!, found[1].Path!, found[2].Path!) : null;
    }

    /// <summary>Runs a tool to its end; its standard output, or an <see cref="IOException"/> with its stderr.</summary>
    public static string Run(string program, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        startInfo.Environment.Clear();
        startInfo.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        using var process = Process.Start(startInfo) ?? throw new IOException($"{program} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Deadline))
        {
            process.Kill(entireProcessTree: true);
            throw new IOException($"{Path.GetFileName(program)} did not finish within {Deadline.TotalSeconds:0} s.");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new IOException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed (exit {process.ExitCode}): {stderr.Result.Trim()}");
        return stdout.Result;
    }
}
