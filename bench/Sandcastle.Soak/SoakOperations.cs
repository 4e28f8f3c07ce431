using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sandcastle.Testing.Attacks;

namespace Sandcastle.Soak;

/// <summary>
/// The mix: ordinary work (exec'd python and programs, `node FILE` commands in warm Nodes, code-context cells with
/// state, background processes, file writes then reads, short-lived sandboxes) whose output is known in advance, and attacks (fork bombs, memory hogs,
/// output floods, destroy races) from the attacker tenant of each server. An ordinary operation that does not give
/// its expected output is a death to explain: the attacker's own work may meet its tenant's limits (said so by the
/// reason), nothing else may fail.
/// </summary>
internal sealed class SoakOperations(SymlinkSwapAttack swap)
{
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentQueue<string> _unexplained = new();
    private readonly ConcurrentDictionary<string, (SemaphoreSlim Lock, int Value)> _contexts = new();
    private int _sandboxNumber;

    public IReadOnlyDictionary<string, int> Counts => _counts;

    public IReadOnlyCollection<string> Unexplained => _unexplained;

    /// <summary>Each tenant's two work sandboxes, each with a Python context, and an attack sandbox for attackers.</summary>
    public async Task PrepareAsync(SoakTenant tenant, bool attacker)
    {
        foreach (var sandbox in new[] { "w0", "w1" })
        {
            await tenant.CreateSandboxAsync(sandbox);
            await tenant.WriteFileAsync(sandbox, NodeProgram, "console.log(Number(process.argv[2]) * 2);\n");
            var context = await tenant.CreateContextAsync(sandbox);
            _contexts[Key(tenant, sandbox)] = (new SemaphoreSlim(1, 1), 0);
            ContextIds[Key(tenant, sandbox)] = context;
        }
        if (attacker)
            await tenant.CreateSandboxAsync("attack");
    }

    private ConcurrentDictionary<string, string> ContextIds { get; } = new();

    private static readonly (string Kind, int Weight, bool Attack)[] Kinds =
    [
        ("exec-python", 24, false), ("exec-program", 18, false), ("exec-node", 8, false), ("context-cell", 14, false), ("background", 9, false),
        ("file", 14, false), ("fresh-sandbox", 5, false),
        ("fork-bomb", 4, true), ("memory-hog", 5, true), ("output-flood", 2, true), ("destroy-race", 1, true),
    ];

    /// <summary>Runs operation <paramref name="number"/> for the tenant (attacks only for an attacker).</summary>
    public async Task RunAsync(int number, SoakTenant tenant, bool attacker)
    {
        var kind = Pick(number, attacker);
        string? problem;
        try
        {
            problem = kind switch
            {
                "exec-python" => await ExecPythonAsync(tenant, number, attacker),
                "exec-program" => await ExecProgramAsync(tenant, number, attacker),
                "exec-node" => await ExecNodeAsync(tenant, number, attacker),
                "context-cell" => await ContextCellAsync(tenant, number),
                "background" => await BackgroundAsync(tenant, number),
                "file" => await FileAsync(tenant, number, attacker),
                "fresh-sandbox" => await FreshSandboxAsync(tenant, number, attacker),
                "fork-bomb" => await AttackAsync(tenant, "python3 -c 'import os\nwhile True:\n  try: os.fork()\n  except OSError: pass'", 4_000),
                "memory-hog" => await AttackAsync(tenant, "python3 -c 'b = [b\"x\" * (1 << 20) for _ in range(4096)]'", 20_000),
                "output-flood" => await AttackAsync(tenant, "yes flood-flood-flood-flood", 20_000),
                "destroy-race" => await DestroyRaceAsync(tenant, number),
                _ => throw new InvalidOperationException(kind),
            };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            problem = $"{e.GetType().Name}: {e.Message}";
        }
        _counts.AddOrUpdate(kind, 1, (_, n) => n + 1);
        if (problem is not null)
        {
            _counts.AddOrUpdate("unexplained", 1, (_, n) => n + 1);
            _unexplained.Enqueue($"#{number} {tenant.Name} {kind}: {problem}");
        }
    }

    private static string Pick(int number, bool attacker)
    {
        var kinds = Kinds.Where(k => attacker || !k.Attack).ToList();
        var roll = new Random(number).Next(kinds.Sum(k => k.Weight));
        foreach (var (kind, weight, _) in kinds)
        {
            if ((roll -= weight) < 0)
                return kind;
        }
        return kinds[0].Kind;
    }

    private static string Sandbox(int number) => number % 2 == 0 ? "w0" : "w1";

    private static string Key(SoakTenant tenant, string sandbox) => $"{tenant.Name}/{sandbox}";

    private static async Task<string?> ExecPythonAsync(SoakTenant tenant, int number, bool attacker) =>
        Expect(await tenant.ExecAsync(Sandbox(number), $"python3 -c 'print(sum(range({number})))'"), $"{(long)number * (number - 1) / 2}\n", attacker);

    private static async Task<string?> ExecProgramAsync(SoakTenant tenant, int number, bool attacker)
    {
        var token = $"token-{number}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token + "\n")));
        return Expect(await tenant.ExecAsync(Sandbox(number), $"echo {token} | sha256sum | cut -d' ' -f1"), hash + "\n", attacker);
    }

    // A `node FILE` command, which a warm Node (native, or in a plain spare) serves.
    private const string NodeProgram = "double.js";

    private static async Task<string?> ExecNodeAsync(SoakTenant tenant, int number, bool attacker) =>
        Expect(await tenant.ExecAsync(Sandbox(number), $"node {NodeProgram} {number}"), $"{2L * number}\n", attacker);

    /// <summary>A cell that counts its runs in the context's state: its output is the count the soak expects.</summary>
    private async Task<string?> ContextCellAsync(SoakTenant tenant, int number)
    {
        var key = Key(tenant, Sandbox(number));
        var (gate, _) = _contexts[key];
        await gate.WaitAsync();
        try
        {
            var expected = _contexts[key].Value + 1;
            var output = await tenant.RunCellAsync(Sandbox(number), ContextIds[key], "runs = globals().get('runs', 0) + 1\nprint(runs)");
            if (output != $"{expected}\n")
                return $"expected {expected}, got {output}";
            _contexts[key] = (gate, expected);
            return null;
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<string?> BackgroundAsync(SoakTenant tenant, int number)
    {
        var process = await tenant.StartProcessAsync(Sandbox(number), $"sleep 0.2; echo background-{number}");
        var output = await tenant.ProcessOutputAsync(Sandbox(number), process, TimeSpan.FromSeconds(60));
        return output == $"completed:background-{number}\n" ? null : $"got {output}";
    }

    private static async Task<string?> FileAsync(SoakTenant tenant, int number, bool attacker)
    {
        var content = $"file {number} {Guid.NewGuid():N}";
        await tenant.WriteFileAsync(Sandbox(number), $"soak/f{number}.txt", content);
        return Expect(await tenant.ExecAsync(Sandbox(number), $"cat soak/f{number}.txt; echo"), content + "\n", attacker);
    }

    private async Task<string?> FreshSandboxAsync(SoakTenant tenant, int number, bool attacker)
    {
        var id = $"fresh-{Interlocked.Increment(ref _sandboxNumber)}";
        await tenant.CreateSandboxAsync(id);
        var problem = Expect(await tenant.ExecAsync(id, "echo fresh; python3 -c 'print(7 * 6)'"), "fresh\n42\n", attacker);
        var deleted = await tenant.DeleteSandboxAsync(id);
        return problem ?? (deleted is HttpStatusCode.NoContent or HttpStatusCode.OK ? null : $"delete answered {deleted}");
    }

    /// <summary>An attack must be answered (any outcome the API documents), never a server error or silence.</summary>
    private static async Task<string?> AttackAsync(SoakTenant tenant, string command, int timeoutMs)
    {
        var (status, body) = await tenant.ExecAsync("attack", command, timeoutMs);
        return (int)status < 500 ? null : $"HTTP {(int)status} {body}";
    }

    /// <summary>
    /// A sandbox whose code swaps its directories for symlinks to a host directory while it is deleted and while execs
    /// keep arriving: the delete succeeds, and the host directory stays whole (checked at the end).
    /// </summary>
    private async Task<string?> DestroyRaceAsync(SoakTenant tenant, int number)
    {
        var id = $"race-{Interlocked.Increment(ref _sandboxNumber)}";
        await tenant.CreateSandboxAsync(id);
        await tenant.WriteFileAsync(id, "build.py", swap.BuildScript(pairs: 40, filesPerDirectory: 10));
        await tenant.WriteFileAsync(id, "swap.py", swap.SwapScript(pairs: 40, seconds: 20));
        var built = await tenant.ExecAsync(id, "python3 build.py");
        if (built.Status != HttpStatusCode.OK || built.Body.GetProperty("stdout").GetString() != "built\n")
            return $"build: {built.Body}";
        await tenant.StartProcessAsync(id, "python3 swap.py");
        await Task.Delay(300);
        var racing = Enumerable.Range(0, 4).Select(_ => tenant.ExecAsync(id, "ls > /dev/null")).ToList();
        var deleted = await tenant.DeleteSandboxAsync(id);
        foreach (var (status, _) in await Task.WhenAll(racing))
        {
            if ((int)status >= 500)
                return $"an exec racing the delete answered {(int)status}";
        }
        return deleted is HttpStatusCode.NoContent or HttpStatusCode.OK ? null : $"delete answered {deleted}";
    }

    /// <summary>
    /// Null when the exec printed what it should. The attacker tenant's own work may be refused or killed by its
    /// tenant's limits while its attacks run (the reason, or the error, says so); nothing else explains a failure.
    /// </summary>
    private static string? Expect((HttpStatusCode Status, JsonElement Body) run, string stdout, bool attacker)
    {
        if (run.Status == HttpStatusCode.OK && run.Body.GetProperty("stdout").GetString() == stdout && run.Body.GetProperty("success").GetBoolean())
            return null;
        var text = run.Body.ValueKind == JsonValueKind.Undefined ? "" : run.Body.ToString();
        if (attacker && (text.Contains("\"reason\":\"oom\"", StringComparison.Ordinal) || text.Contains("Resource temporarily unavailable", StringComparison.Ordinal)
            || text.Contains("MemoryError", StringComparison.Ordinal) || text.Contains("Cannot allocate memory", StringComparison.Ordinal)
            || text.Contains("\"reason\":\"timeout\"", StringComparison.Ordinal) || (int)run.Status == 429))
            return null;
        return $"HTTP {(int)run.Status} {text[..Math.Min(text.Length, 400)]}";
    }
}
