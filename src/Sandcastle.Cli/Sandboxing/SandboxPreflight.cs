using Sandcastle.Sandbox;

namespace Sandcastle.Cli.Sandboxing;

/// <summary>Checks, before anything starts (and before any model call), that sandboxes can run here.</summary>
public static class SandboxPreflight
{
    public const string SetupHint =
        "Run scripts/setup as root: it installs bubblewrap, tini, Debian's python3 with numpy, pandas and matplotlib, Node.js and esbuild.";

    /// <summary>Throws a <see cref="CliFailureException"/> (exit 125) naming what is missing or unreachable.</summary>
    public static void EnsureUsable(SandboxEngine engine, SandboxOptions options, SandboxLanguage? language)
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
        if (engine.DataRootProblem is { } unreachable)
            throw new CliFailureException(ExitCodes.SandboxUnavailable, $"the sandbox is unavailable: {unreachable}");
    }

    public static CliFailureException Unavailable(string problem, Exception? inner = null) =>
        new(ExitCodes.SandboxUnavailable, $"the sandbox is unavailable: {problem.TrimEnd('.')}. {SetupHint}", inner);
}
