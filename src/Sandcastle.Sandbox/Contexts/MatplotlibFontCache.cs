using System.Text.Json;

namespace Sandcastle.Sandbox.Contexts;

/// <summary>
/// matplotlib scans every font on its first import in a process whose config directory is new (each sandbox's
/// /tmp is), which costs 0.2–0.7 s of a context's first plot. This builds the font list once per engine, in a
/// throw-away sandbox running only this code (so no user can shape it), and python kernels started with it
/// (<see cref="CodeContextOptions.FontCache"/>) get the file in their MPLCONFIGDIR before any cell runs.
/// Kernels that start before the list is built build their own, as before.
/// </summary>
public sealed class MatplotlibFontCache(SandboxEngine engine)
{
    private const string BuildScript = """
        import glob, json, os, sys
        import matplotlib.font_manager
        paths = glob.glob(os.path.join(os.environ["MPLCONFIGDIR"], "fontlist-*.json"))
        if paths:
            with open(paths[0], encoding="utf-8") as file:
                sys.stdout.write(json.dumps({"name": os.path.basename(paths[0]), "data": file.read()}))
        """;

    private readonly Lock _lock = new();
    private Task<MatplotlibFontList?>? _build;

    /// <summary>The font list if it is built; otherwise starts building it (once) and returns null.</summary>
    public MatplotlibFontList? TryGet()
    {
        var build = Build();
        return build.IsCompletedSuccessfully ? build.Result : null;
    }

    /// <summary>Waits for the font list (null if matplotlib is missing or the build failed).</summary>
    public Task<MatplotlibFontList?> GetAsync(CancellationToken cancellationToken = default) => Build().WaitAsync(cancellationToken);

    private Task<MatplotlibFontList?> Build()
    {
        lock (_lock)
            return _build ??= Task.Run(BuildAsync);
    }

    private async Task<MatplotlibFontList?> BuildAsync()
    {
        try
        {
            await using var sandbox = engine.CreateEphemeral(SandboxLimits.Default with { Timeout = TimeSpan.FromSeconds(60) });
            var run = await sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.Python, BuildScript)).ConfigureAwait(false);
            if (!run.Result.Success || string.IsNullOrWhiteSpace(run.Stdout))
                return null;
            using var document = JsonDocument.Parse(run.Stdout);
            var name = document.RootElement.GetProperty("name").GetString();
            var data = document.RootElement.GetProperty("data").GetString();
            return name is null || data is null ? null : new MatplotlibFontList(name, data);
        }
        catch (Exception e) when (e is SandboxUnavailableException or JsonException or KeyNotFoundException or IOException)
        {
            return null;
        }
    }
}
