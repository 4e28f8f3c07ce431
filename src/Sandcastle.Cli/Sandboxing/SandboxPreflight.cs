using Sandcastle.Sandbox;

namespace Sandcastle.Cli.Sandboxing;

/// <summary>Checks, before anything starts, that the tools a sandboxed run needs are installed.</summary>
public static class SandboxPreflight
{
    public const string SetupHint =
        "Run scripts/setup as root: it installs bubblewrap, tini, Debian's python3 with numpy, pandas and matplotlib, Node.js and esbuild.";

    /// <summary>Throws a <see cref="CliFailureException"/> naming what is missing.</summary>
    public static void EnsureInstalled(SandboxOptions options, SandboxLanguage? language)
    {
        var needed = new List<string> { options.BubblewrapPath };
        if (Environment.IsPrivilegedProcess)
            needed.Add(options.SetprivPath);
        needed.AddRange(language switch
        {
            SandboxLanguage.Python => [options.PythonPath],
            SandboxLanguage.JavaScript => [options.NodePath],
            SandboxLanguage.TypeScript => [options.NodePath, options.EsbuildPath],
            null => [options.PythonPath, options.NodePath],
            _ => [],
        });
        var missing = needed.Where(path => !File.Exists(path)).ToList();
        if (missing.Count > 0)
            throw Unavailable($"{string.Join(", ", missing)} not found.");
    }

    public static CliFailureException Unavailable(string problem, Exception? inner = null) =>
        new(ExitCodes.SandboxUnavailable, $"the sandbox is unavailable: {problem.TrimEnd('.')}. {SetupHint}", inner);
}
