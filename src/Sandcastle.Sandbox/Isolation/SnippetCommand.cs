namespace Sandcastle.Sandbox.Isolation;

/// <summary>How each language's snippet is stored and started inside the sandbox.</summary>
internal static class SnippetCommand
{
    /// <summary>Where the read-only directory holding the snippet is mounted inside.</summary>
    public const string MountPoint = "/run/sandcastle";

    public static string FileName(SandboxLanguage language) => language switch
    {
        SandboxLanguage.Python => "main.py",
        SandboxLanguage.JavaScript => "main.js",
        SandboxLanguage.TypeScript => "main.ts",
        SandboxLanguage.Bash => "main.sh",
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, null),
    };

    public static IReadOnlyList<string> For(SandboxLanguage language, SandboxOptions options)
    {
        var file = $"{MountPoint}/{FileName(language)}";
        return language switch
        {
            SandboxLanguage.Python => [options.PythonPath, file],
            // Node 20 runs a file with import/export or top-level await as an ES module only with detection on.
            SandboxLanguage.JavaScript => [options.NodePath, "--experimental-detect-module", file],
            // esbuild strips the types (it does not type-check, like tsx or node's own type stripping);
            // the banner keeps require() working in the ES module it emits.
            SandboxLanguage.TypeScript =>
            [
                "/bin/sh", "-c",
                "\"$0\" \"$1\" --format=esm --platform=node --target=node20 --log-level=error --outfile=/tmp/.sandcastle/main.mjs "
                + "\"--banner:js=import { createRequire as __sandcastleRequire } from 'module'; const require = __sandcastleRequire(import.meta.url);\" "
                + "&& exec \"$2\" /tmp/.sandcastle/main.mjs",
                options.EsbuildPath, file, options.NodePath,
            ],
            SandboxLanguage.Bash => ["/bin/bash", file],
            _ => throw new ArgumentOutOfRangeException(nameof(language), language, null),
        };
    }
}
