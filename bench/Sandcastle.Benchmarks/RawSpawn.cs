using System.Diagnostics;

namespace Sandcastle.Benchmarks;

/// <summary>The baseline: start the interpreter directly, read its output, wait for it.</summary>
internal static class RawSpawn
{
    public static async Task RunAsync(string file, string[] arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        // A clean environment, as the sandbox has (a host NODE_EXTRA_CA_CERTS alone costs node ~36 ms).
        startInfo.Environment.Clear();
        startInfo.Environment["PATH"] = "/usr/bin:/bin";
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await Task.WhenAll(stdout, stderr);
    }
}
