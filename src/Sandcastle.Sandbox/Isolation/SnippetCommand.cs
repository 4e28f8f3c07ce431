namespace Sandcastle.Sandbox.Isolation;

/// <summary>How each language's snippet is stored and started inside the sandbox.</summary>
internal static class SnippetCommand
{
    /// <summary>Where the read-only directory holding the snippet is mounted inside.</summary>
    public const string MountPoint = "/run/sandcastle";

    /// <summary>Node 20 runs a file with import/export or top-level await as an ES module only with detection on.</summary>
    public const string NodeDetectModule = "--experimental-detect-module";

    /// <summary>Where a TypeScript snippet's transpiled module is written, and run from.</summary>
    public const string TranspiledTypeScript = "/tmp/.sandcastle/main.mjs";

    public static string FileName(SandboxLanguage language) => language switch
    {
        SandboxLanguage.Python => "main.py",
        SandboxLanguage.JavaScript => "main.js",
        SandboxLanguage.TypeScript => "main.ts",
        SandboxLanguage.Bash => "main.sh",
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, null),
    };

    public static string PathOf(SandboxLanguage language) => $"{MountPoint}/{FileName(language)}";

    /// <summary>
    /// esbuild's command line for a TypeScript snippet. It strips the types (it does not type-check, like tsx or
    /// node's own type stripping); the banner keeps require() working in the ES module it emits.
    /// </summary>
    public static IReadOnlyList<string> Transpile(SandboxOptions options) =>
    [
        options.EsbuildPath, PathOf(SandboxLanguage.TypeScript),
        "--format=esm", "--platform=node", "--target=node20", "--log-level=error", $"--outfile={TranspiledTypeScript}",
        "--banner:js=import { createRequire as __sandcastleRequire } from 'module'; const require = __sandcastleRequire(import.meta.url);",
    ];

    public static IReadOnlyList<string> For(SandboxLanguage language, SandboxOptions options)
    {
        var file = PathOf(language);
        return language switch
        {
            SandboxLanguage.Python => [options.PythonPath, file],
            SandboxLanguage.JavaScript => [options.NodePath, NodeDetectModule, file],
            // esbuild's status when it fails, else node on its output; node's flags are JavaScript's, so that a
            // warm Node (started before it knows its language, see WarmNodeRun) runs either alike.
            SandboxLanguage.TypeScript =>
            [
                "/bin/sh", "-c", "node=\"$0\"; \"$@\" && exec \"$node\" " + NodeDetectModule + " " + TranspiledTypeScript,
                options.NodePath, .. Transpile(options),
            ],
            SandboxLanguage.Bash => ["/bin/bash", file],
            _ => throw new ArgumentOutOfRangeException(nameof(language), language, null),
        };
    }
}
