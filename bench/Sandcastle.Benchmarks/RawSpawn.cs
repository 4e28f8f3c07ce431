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

    /// <summary>What a sandboxed TypeScript snippet runs, on the host: esbuild strips the types, node runs the result.</summary>
    public static async Task RunTypeScriptAsync(string esbuild, string code, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("sandcastle-bench-ts-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "main.ts"), code, cancellationToken);
            await RunAsync("/bin/sh", ["-c", "\"$0\" \"$1/main.ts\" --format=esm --platform=node --target=node20 --log-level=error --outfile=\"$1/main.mjs\" && exec /usr/bin/node \"$1/main.mjs\"", esbuild, directory], cancellationToken);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
