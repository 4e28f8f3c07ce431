using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Sandcastle.Sandbox.Isolation;

/// <summary>
/// matplotlib scans every font and writes <c>fontlist-*.json</c> into its config dir on first import; in a fresh
/// sandbox that is every run (~0.6 s). The engine builds the list once on the host, from Debian's own
/// matplotlib and fonts (trusted code, the same paths the sandbox sees under /usr), and binds it read-only
/// into each sandbox's <c>MPLCONFIGDIR</c>.
/// </summary>
internal sealed class MatplotlibFontCache(string directory, string pythonPath, ILogger logger)
{
    /// <summary>The sandbox's MPLCONFIGDIR (inside its private /tmp).</summary>
    public const string MountDirectory = "/tmp/.matplotlib";

    private Task? _build;

    /// <summary>The host directory the cache is built in (created if missing).</summary>
    public string HostDirectory => Directory.CreateDirectory(directory).FullName;

    /// <summary>Starts building the cache in the background, if it is not there yet.</summary>
    public void Warm() => _build ??= Task.Run(Build);

    /// <summary>The cache files ready now; an empty list while it is being built or if matplotlib is absent.</summary>
    public IReadOnlyList<string> ReadyFiles() =>
        _build is { IsCompletedSuccessfully: true } && Directory.Exists(directory)
            ? Directory.GetFiles(directory, "fontlist-*.json")
            : [];

    /// <summary>Waits for a build in progress (the engine does before it is disposed).</summary>
    public Task WaitAsync() => _build ?? Task.CompletedTask;

    private void Build()
    {
        var scratch = $"{directory}.build-{Guid.NewGuid():N}";
        try
        {
            if (Directory.Exists(directory) && Directory.GetFiles(directory, "fontlist-*.json").Length > 0)
                return;
            Directory.CreateDirectory(directory);
            Directory.CreateDirectory(scratch);
            var startInfo = new ProcessStartInfo(pythonPath) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add("import matplotlib.font_manager");
            startInfo.Environment.Clear();
            startInfo.Environment["PATH"] = "/usr/bin:/bin";
            startInfo.Environment["MPLCONFIGDIR"] = scratch;
            using var process = Process.Start(startInfo)!;
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                logger.LogInformation("No matplotlib font cache (matplotlib not importable): {Error}", stderr.Trim());
                return;
            }
            // Built aside and moved in whole, so engines sharing the cache never bind a half-written file.
            foreach (var file in Directory.GetFiles(scratch, "fontlist-*.json"))
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                var target = Path.Combine(directory, Path.GetFileName(file));
                if (!File.Exists(target))
                    File.Move(file, target);
            }
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not build the matplotlib font cache: {Error}", e.Message);
        }
        finally
        {
            try
            {
                if (Directory.Exists(scratch))
                    Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
