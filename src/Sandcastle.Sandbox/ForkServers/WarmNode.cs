using System.Text.Json;
using System.Text.Json.Serialization;
using Sandcastle.Sandbox.Isolation;

namespace Sandcastle.Sandbox.ForkServers;

/// <summary>
/// What a warm Node (a spare whose Node started before its request, see warm_node.py) needs for one run: the main
/// file; for TypeScript, the type stripper it loads and esbuild's command line for what the stripper leaves to it;
/// NODE_OPTIONS' preload when the run is networked; for a command <c>node FILE ARG...</c>, its arguments.
/// </summary>
internal sealed record WarmNodeRun(
    [property: JsonPropertyName("main")] string MainFile,
    [property: JsonPropertyName("transpile"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Transpile,
    [property: JsonPropertyName("preload"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Preload)
{
    [JsonPropertyName("strip"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TypeStrip? Strip { get; init; }

    /// <summary>A command's arguments after its file (set, possibly empty, for a command only).</summary>
    [JsonPropertyName("args"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Args { get; init; }

    /// <summary>What a Node must have been started for to serve this run.</summary>
    [JsonIgnore]
    public WarmNodeStart Start => Args is not null ? WarmNodeStart.Command : Strip is not null ? WarmNodeStart.TypeScript : WarmNodeStart.JavaScript;
}

/// <summary>
/// What a warm Node was started for. A snippet's Node (JavaScript, or TypeScript: primed, see
/// <see cref="WarmNodeSpares"/>) runs with the snippet's flag (module detection) and serves either snippet; a
/// command's Node starts as a plain <c>node</c> does, named <c>node</c>, and serves only <c>node FILE</c> commands.
/// </summary>
internal enum WarmNodeStart
{
    JavaScript,
    TypeScript,
    Command,
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

    /// <summary>The program word a command a warm Node serves starts with: bash finds it in PATH, and Node keeps it as process.argv0.</summary>
    public const string CommandName = "node";

    /// <summary>
    /// The first message (forkserver.py's WARM) of a spare warmed for a command: a Node started as <c>node</c> with no
    /// option, on the bootstrap, as <c>node FILE</c> starts (pid 1 checks that the command's <c>node</c> is this one).
    /// </summary>
    public static byte[] CommandWarmMessage(SandboxOptions options) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["warm"] = new Dictionary<string, object>
        {
            ["path"] = options.NodePath,
            ["argv"] = new[] { CommandName, SnippetCommand.PathOf(SandboxLanguage.JavaScript) },
            ["command"] = true,
            ["env"] = StartEnvironment,
        },
    });

    /// <summary>
    /// The spare's first message (forkserver.py's WARM): Node's command line, as a JavaScript snippet's, and its
    /// environment; with <paramref name="typeStripper"/>, primed for TypeScript: the stripper to load and a module to
    /// import before the run (warm_node.js).
    /// </summary>
    public static byte[] WarmMessage(SandboxOptions options, string? typeStripper = null) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["warm"] = new Dictionary<string, object>
        {
            ["path"] = options.NodePath,
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
        if (language is not (SandboxLanguage.JavaScript or SandboxLanguage.TypeScript) || !StartsAlike(environment, limits, options, nodePreload, out var preload))
            return null;
        return language == SandboxLanguage.JavaScript
            ? new WarmNodeRun(SnippetCommand.PathOf(language), null, preload)
            : new WarmNodeRun(SnippetCommand.TranspiledTypeScript, SnippetCommand.Transpile(options), preload)
            {
                Strip = typeStripper is null ? null : new TypeStrip(typeStripper, SnippetCommand.PathOf(language)),
            };
    }

    /// <summary>
    /// The warm run of a command <c>node FILE [ARG...]</c> (its words, see <see cref="SimpleCommand"/>), or null when
    /// it needs a Node of its own: an option (which Node fixes at its start), no file, or <c>node inspect</c> (Node's
    /// debugger, not a file). pid 1 still checks that <c>node</c> is, for bash, the Node it warmed, and runs the
    /// command as before when it is not.
    /// </summary>
    public static WarmNodeRun? ForCommand(
        IReadOnlyList<string> words, IReadOnlyDictionary<string, string> environment, SandboxLimits limits, SandboxOptions options, string? nodePreload)
    {
        if (words is not [CommandName, var file, ..] || file.Length == 0 || file[0] == '-' || file is "inspect" or "debug")
            return null;
        return StartsAlike(environment, limits, options, nodePreload, out var preload) ? new WarmNodeRun(file, null, preload) { Args = [.. words.Skip(2)] } : null;
    }

    /// <summary>
    /// Up to this memory limit Node 20 starts with V8's smallest heap (about 259 MB, measured for 256 and 512 MiB);
    /// above it, with about half the limit (524 MB for 1 GiB, 2,096 MB for 4 GiB), at most about 4 GB.
    /// </summary>
    private const long SmallestHeapMemoryBytes = 512L * 1024 * 1024;

    /// <summary>
    /// Whether a run with these limits and this environment would start its Node as a warm one started; the preload it
    /// takes over. Node sizes its heap from its cgroup's memory limit as it starts: a warm Node, started under the
    /// spares' limit (the engine's default), serves only runs whose limit gives the same heap.
    /// </summary>
    private static bool StartsAlike(
        IReadOnlyDictionary<string, string> environment, SandboxLimits limits, SandboxOptions options, string? nodePreload, out string? preload)
    {
        preload = null;
        if (limits.MemoryBytes is > 0 and < MinimumMemoryBytes || !SameHeap(limits.MemoryBytes, options.DefaultLimits.MemoryBytes)
            || limits.MaxProcesses is > 0 and < MinimumProcesses)
            return false;
        foreach (var (name, value) in environment)
        {
            if (!ReadAtStart(name))
                continue;
            if (name == "NODE_OPTIONS" && !string.IsNullOrEmpty(nodePreload) && value == "--require=" + nodePreload)
                preload = nodePreload;
            else if (!StartEnvironment.TryGetValue(name, out var started) || started != value)
                return false;
        }
        return !StartEnvironment.Any(pair => ReadAtStart(pair.Key) && !environment.ContainsKey(pair.Key));
    }

    private static bool SameHeap(long memoryBytes, long startedUnder) =>
        memoryBytes == startedUnder || memoryBytes is > 0 and <= SmallestHeapMemoryBytes && startedUnder is > 0 and <= SmallestHeapMemoryBytes;

    private static bool ReadAtStart(string name) =>
        StartupNames.Contains(name) || StartupPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));
}
