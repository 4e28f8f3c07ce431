using System.Text.Json;
using System.Text.Json.Serialization;
using Sandcastle.Sandbox.Isolation;

namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// What a warm Node (a spare whose Node started before its request, see warm_node.py) needs for one run: the main
/// file; for TypeScript, the type stripper it loads and esbuild's command line for what the stripper leaves to it;
/// NODE_OPTIONS' preload when the run is networked.
/// </summary>
internal sealed record WarmNodeRun(
    [property: JsonPropertyName("main")] string MainFile,
    [property: JsonPropertyName("transpile"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Transpile,
    [property: JsonPropertyName("preload"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Preload)
{
    [JsonPropertyName("strip"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TypeStrip? Strip { get; init; }
}

/// <summary>The type stripper a warm Node loads (type-stripper.cjs), and the TypeScript file it reads.</summary>
internal sealed record TypeStrip(
    [property: JsonPropertyName("stripper")] string Stripper,
    [property: JsonPropertyName("source")] string Source);

/// <summary>
/// Which runs a warm Node serves exactly as a Node started for them would, and what it starts as. Everything else
/// Node fixes at its start (its options, its locale, its heap) must be what that run would start it with; a run
/// that asks otherwise takes a plain spare and starts its own Node, as before.
/// </summary>
internal static class WarmNode
{
    /// <summary>Below this memory limit a run starts its own Node: a warm one already holds its heap in the cgroup.</summary>
    public const long MinimumMemoryBytes = 256L * 1024 * 1024;

    /// <summary>Below this process limit a run starts its own Node: a warm one's threads already count against it.</summary>
    public const int MinimumProcesses = 32;

    /// <summary>Variables Node, libuv, OpenSSL or ICU read once at start: a run may only have the values Node started with.</summary>
    private static readonly string[] StartupPrefixes = ["NODE_", "UV_", "OPENSSL_", "SSL_CERT_", "LC_"];
    private static readonly string[] StartupNames = ["LANG", "LANGUAGE", "TZ"];

    /// <summary>The environment a warm Node starts with: the sandbox's base environment, which every run's starts from.</summary>
    public static IReadOnlyDictionary<string, string> StartEnvironment { get; } =
        BubblewrapCommandBuilder.BaseEnvironment.ToDictionary(pair => pair.Key, pair => pair.Value);

    /// <summary>
    /// The spare's first message (forkserver.py's WARM): Node's command line, as a JavaScript snippet's, and its
    /// environment; with <paramref name="typeStripper"/>, primed for TypeScript: the stripper to load and a module to
    /// import before the run (warm_node.js).
    /// </summary>
    public static byte[] WarmMessage(SandboxOptions options, string? typeStripper = null) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["warm"] = new Dictionary<string, object>
        {
            ["argv"] = SnippetCommand.For(SandboxLanguage.JavaScript, options),
            ["env"] = typeStripper is { } stripper
                ? new Dictionary<string, string>(StartEnvironment)
                {
                    ["SANDCASTLE_TYPE_STRIPPER"] = stripper,
                    ["SANDCASTLE_MODULE_WARM_UP"] = ModuleWarmUpDirectory,
                }
                : StartEnvironment,
        },
    });

    /// <summary>Where a Node primed for TypeScript writes (then removes) a module it imports to start Node's loader of ES modules ahead of the run's.</summary>
    private static readonly string ModuleWarmUpDirectory = Path.GetDirectoryName(SnippetCommand.TranspiledTypeScript)!;

    /// <summary>The installed type stripper, or null (TypeScript then goes through esbuild); the engine looks once, as it starts.</summary>
    public static string? InstalledStripper(SandboxOptions options) =>
        options.TypeStripperPath is { Length: > 0 } path && File.Exists(path) ? path : null;

    /// <summary>The warm run of a snippet, or null when it needs a Node of its own.</summary>
    /// <param name="environment">The run's whole environment (the base one, the request's and the proxy's).</param>
    /// <param name="nodePreload">The networked runs' preload, the one NODE_OPTIONS a warm Node takes over.</param>
    /// <param name="typeStripper">The installed type stripper (<see cref="InstalledStripper"/>), or null.</param>
    public static WarmNodeRun? For(
        SandboxLanguage language, IReadOnlyDictionary<string, string> environment, SandboxLimits limits, SandboxOptions options, string? nodePreload,
        string? typeStripper)
    {
        if (language is not (SandboxLanguage.JavaScript or SandboxLanguage.TypeScript))
            return null;
        if (limits.MemoryBytes is > 0 and < MinimumMemoryBytes || limits.MaxProcesses is > 0 and < MinimumProcesses)
            return null;
        string? preload = null;
        foreach (var (name, value) in environment)
        {
            if (!ReadAtStart(name))
                continue;
            if (name == "NODE_OPTIONS" && !string.IsNullOrEmpty(nodePreload) && value == "--require=" + nodePreload)
                preload = nodePreload;
            else if (!StartEnvironment.TryGetValue(name, out var started) || started != value)
                return null;
        }
        if (StartEnvironment.Any(pair => ReadAtStart(pair.Key) && !environment.ContainsKey(pair.Key)))
            return null;
        return language == SandboxLanguage.JavaScript
            ? new WarmNodeRun(SnippetCommand.PathOf(language), null, preload)
            : new WarmNodeRun(SnippetCommand.TranspiledTypeScript, SnippetCommand.Transpile(options), preload)
            {
                Strip = typeStripper is null ? null : new TypeStrip(typeStripper, SnippetCommand.PathOf(language)),
            };
    }

    private static bool ReadAtStart(string name) =>
        StartupNames.Contains(name) || StartupPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));
}
