using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Sandcastle.Sandbox.Isolation.Seccomp;

/// <summary>
/// Compiles the filter once at engine start (trusted host code) and keeps it under the data root, where the
/// launcher opens it for bwrap. Where it cannot (no table for this CPU, no seccomp in the kernel, an unwritable
/// data root) the engine logs a warning and runs without it: the namespaces and dropped capabilities still hold.
/// </summary>
internal static class SeccompFilterFile
{
    /// <summary>The path of the compiled filter, or null when sandboxes run without one.</summary>
    public static string? Prepare(string cacheDirectory, bool enabled, ILogger logger)
    {
        if (!enabled)
        {
            logger.LogWarning("The seccomp filter is turned off (Sandbox:SeccompFilter = false).");
            return null;
        }
        var abi = SyscallAbi.ForArchitecture(RuntimeInformation.ProcessArchitecture);
        if (abi is null || !BitConverter.IsLittleEndian)
        {
            logger.LogWarning("No seccomp filter for {Architecture}: sandboxes run without one.", RuntimeInformation.ProcessArchitecture);
            return null;
        }
        if (!KernelSupportsErrnoFilters())
        {
            logger.LogWarning("The kernel offers no seccomp filters that return an errno: sandboxes run without one.");
            return null;
        }
        try
        {
            var bytes = SeccompProgram.Build(abi);
            var path = Path.Combine(cacheDirectory, $"seccomp-{abi.Name}.bpf");
            if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
                return path;
            Directory.CreateDirectory(cacheDirectory);
            // Written aside under a unique name and renamed, so a launcher never reads half a program, even when
            // several engines share the cache directory.
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(temporary, bytes);
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(temporary, path, overwrite: true);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not write the seccomp filter under {Directory}: {Error}. Sandboxes run without one.", cacheDirectory, e.Message);
            return null;
        }
    }

    private static bool KernelSupportsErrnoFilters()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/seccomp/actions_avail").Split(' ', StringSplitOptions.TrimEntries).Contains("errno");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
