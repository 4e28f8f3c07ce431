namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>
/// JavaScript and TypeScript runs, which the fork server gives a warm Node (started in a spare before the request,
/// see warm_node.py, or in a native spare, Native/node.c): nothing of one run reaches the next, nor another sandbox,
/// nor the bootstrap's pipe; the Node runs as unprivileged as one started for the run; and what the code sees (argv,
/// errors, exit codes) is a fresh Node's. Forked, each run is checked to have been warm, and in a native spare or
/// not; launched, the same code starts its own Node.
/// </summary>
public abstract class WarmNodeTests(SandboxEngineFixture fixture)
{
    // The main module of a warm Node starts from a tick (its bootstrap was the process's main); a fresh Node's
    // starts from its entry point. Only the bottom of the stack differs. Then whether pid 1 is the native program.
    private const string WarmMarker = """console.log("warm", new Error().stack.includes("processTicksAndRejections"), require("fs").readFileSync("/proc/1/cmdline", "utf8").startsWith("sandcastle-exec-init\0"));""";

    private SandboxEngine Engine => fixture.Engine;

    /// <summary>Whether the engine runs JavaScript in warm Nodes (forked) or starts one per run (launched).</summary>
    protected abstract bool Warm { get; }

    /// <summary>Whether the warm Nodes are native spares' (pid 1 sandcastle-exec-init), not forks of the fork server's Python.</summary>
    protected virtual bool Native => false;

    private string WarmLine => $"warm {(Warm ? "true" : "false")} {(Native ? "true" : "false")}\n";

    // A run that starts its own Node takes a plain spare, whose pid 1 is Python's.
    private const string ColdLine = "warm false false\n";

    private async Task<CollectedExec> RunAsync(Sandbox sandbox, string code, SandboxLanguage language = SandboxLanguage.JavaScript, ExecRequest? options = null)
    {
        if (Native)
            await Engine.WaitForNativeWarmNodesAsync();
        else if (Warm)
            await Engine.WaitForWarmNodeAsync();
        var request = (options ?? ExecRequest.ForCode(language, code)) with { Code = code, Language = language };
        return await sandbox.RunAsync(request, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Globals_Environment_TmpFiles_AndModules_DoNotOutliveTheirRun()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var first = await RunAsync(sandbox, WarmMarker + """
            const fs = require("fs");
            globalThis.leaked = "first run"; process.env.LEAKED = "1"; Error.prototype.leaked = 1;
            require("module").prototype.leaked = 1; require("os").leaked = 1;
            fs.writeFileSync("/tmp/leaked", "x"); fs.writeFileSync("/dev/shm/leaked", "x");
            """);
        Assert.Equal(WarmLine, first.Stdout + first.Stderr);
        var second = await RunAsync(sandbox, WarmMarker + """
            const fs = require("fs");
            console.log(typeof globalThis.leaked, process.env.LEAKED, Error.prototype.leaked, require("module").prototype.leaked,
              require("os").leaked, fs.existsSync("/tmp/leaked"), fs.existsSync("/dev/shm/leaked"), JSON.stringify(Object.keys(require.cache)));
            """);
        Assert.Equal(WarmLine + "undefined undefined undefined undefined undefined false false [\"/run/sandcastle/main.js\"]\n", second.Stdout + second.Stderr);
    }

    [Fact]
    public async Task AnotherSandboxesWorkspace_IsOutOfReach_AndItsOwnIsItsOwn()
    {
        await using var victim = Engine.CreateEphemeral();
        await using var attacker = Engine.CreateEphemeral();
        await victim.Files.WriteBytesAsync("secret.txt", "victim secret"u8.ToArray(), cancellationToken: TestContext.Current.CancellationToken);
        var run = await RunAsync(attacker, WarmMarker + $$"""
            const fs = require("fs");
            const paths = ["/run/sandcastle-sandboxes/{{victim.Id}}/workspace/secret.txt", "/proc/1/root/run/sandcastle-sandboxes/{{victim.Id}}/workspace/secret.txt",
              "/proc/1/cwd/secret.txt", "/proc/2/root/run/sandcastle-sandboxes/{{victim.Id}}/workspace/secret.txt", "/workspace/../run/sandcastle-sandboxes/{{victim.Id}}/workspace/secret.txt"];
            const read = paths.filter(path => { try { fs.readFileSync(path); return true; } catch { return false; } });
            let listed = [];
            try { listed = fs.readdirSync("/run/sandcastle-sandboxes"); } catch { }
            fs.writeFileSync("/workspace/mine.txt", "attacker");
            console.log("read", read.length, "listed", listed.length, "pids", fs.readdirSync("/proc").filter(p => /^\d+$/.test(p)).join(","), "workspace", fs.readdirSync("/workspace").join(","));
            """);
        Assert.Equal(WarmLine + "read 0 listed 0 pids 1,2 workspace mine.txt\n", run.Stdout + run.Stderr);
        Assert.Equal("attacker", await File.ReadAllTextAsync(Path.Combine(attacker.WorkspacePath, "mine.txt"), TestContext.Current.CancellationToken));
        Assert.False(File.Exists(Path.Combine(victim.WorkspacePath, "mine.txt")));
    }

    [Fact]
    public async Task TheBootstrap_ItsPipe_AndPid1sDescriptors_AreNotReachable()
    {
        // Warm, pid 1 keeps one socket past the privilege drop, to tell the run's end on, and is not dumpable: its
        // descriptors are not Node's to list (ForkServerRedTeamTests tries to open and take it).
        await using var sandbox = Engine.CreateEphemeral();
        // Node's own descriptors beyond stdio are anonymous inodes, /dev/null and pipes it holds both ends of: a fresh
        // Node started by the run shows the same kinds, and nothing else (no lone pipe end, socket or file) is open.
        var run = await RunAsync(sandbox, WarmMarker + """
            // bootstrap-check
            const fs = require("fs");
            const kinds = `(() => {
              const fs = require("fs");
              const links = fs.readdirSync("/proc/self/fd").filter(fd => fd > 2)
                .map(fd => { try { return fs.readlinkSync("/proc/self/fd/" + fd); } catch { return "closed"; } }).filter(link => link !== "closed");
              const count = link => links.filter(other => other === link).length;
              const kind = link => link.startsWith("pipe:") ? (count(link) === 2 ? "pipe pair" : "lone pipe")
                : link.startsWith("/") && link !== "/dev/null" ? "file" : link.replace(/:\\[\\d+\\]$/, "");
              return JSON.stringify(links.map(kind).sort());
            })()`;
            const mine = eval(kinds);
            const fresh = require("child_process").execFileSync(process.execPath, ["-p", kinds]).toString().trim();
            // A fresh Node opens /dev/null over a closed standard descriptor; the run's have none closed.
            const alike = kinds => JSON.stringify(JSON.parse(kinds).filter(kind => kind !== "/dev/null"));
            console.log("same kinds as a fresh node", alike(mine) === alike(fresh), JSON.parse(mine).filter(kind => kind === "lone pipe" || kind === "file" || kind.startsWith("socket")).length);
            let pid1;
            try {
              pid1 = fs.readdirSync("/proc/1/fd").filter(fd => fd > 2).map(fd => fs.readlinkSync("/proc/1/fd/" + fd)).join(",") || "nothing";
            } catch (error) {
              pid1 = error.code;
            }
            console.log("pid 1 holds", pid1,
              "own source", fs.readFileSync(__filename, "utf8").includes("bootstrap-check"), "run dir", fs.readdirSync("/run/sandcastle").join(","));
            """);
        Assert.Equal(WarmLine + $"same kinds as a fresh node true 0\npid 1 holds {(Warm ? "EACCES" : "nothing")} own source true run dir main.js\n", run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task TheNode_RunsWithoutCapabilities_UnderSeccomp_AndTheRunsFileSizeLimit()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var limits = sandbox.Limits with { MaxFileSizeBytes = 1024 * 1024 };
        var run = await RunAsync(sandbox, WarmMarker + """
            const fs = require("fs");
            const status = pid => Object.fromEntries(fs.readFileSync(`/proc/${pid}/status`, "utf8").split("\n").map(line => line.split(":\t")));
            for (const pid of ["self", "1"]) {
              const s = status(pid);
              console.log(pid, ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"].every(cap => /^0+$/.test(s[cap])), "no_new_privs", s.NoNewPrivs, "seccomp", s.Seccomp);
            }
            console.log("uid", process.getuid(), process.geteuid(), process.getgid());
            try { process.setuid(0); console.log("setuid worked"); } catch { console.log("setuid refused"); }
            process.on("SIGXFSZ", () => {});
            try { fs.writeFileSync("/workspace/big", Buffer.alloc(2 * 1024 * 1024)); console.log("wrote 2 MiB"); } catch (error) { console.log("big file", error.code); }
            """, options: ExecRequest.ForCode(SandboxLanguage.JavaScript, "") with { Limits = limits });
        Assert.Equal(WarmLine + "self true no_new_privs 1 seccomp 2\n1 true no_new_privs 1 seccomp 2\n"
            + $"uid {Engine.SandboxUid} {Engine.SandboxUid} {Engine.SandboxUid}\nsetuid refused\nbig file EFBIG\n", run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task Errors_ExitCodes_Argv_AndModules_AreAFreshNodes()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var thrown = await RunAsync(sandbox, "throw new Error(\"boom\")");
        Assert.Equal(1, thrown.Result.ExitCode);
        Assert.StartsWith("/run/sandcastle/main.js:1\nthrow new Error(\"boom\")\n^\n\nError: boom\n    at Object.<anonymous> (/run/sandcastle/main.js:1:7)\n", thrown.Stderr);
        // Every other frame is Node's own: none is the bootstrap's (which would be at a later line of main.js).
        var frames = thrown.Stderr.Split('\n').Where(line => line.StartsWith("    at ", StringComparison.Ordinal)).Skip(1).ToList();
        Assert.NotEmpty(frames);
        Assert.All(frames, frame => Assert.Contains("node:", frame));

        var exited = await RunAsync(sandbox, WarmMarker + "console.log(process.argv.slice(1).join(' '), __filename, require.main === module, process.cwd(), process.execArgv.join(' ')); process.exitCode = 7;");
        Assert.Equal(7, exited.Result.ExitCode);
        Assert.Equal(WarmLine + "/run/sandcastle/main.js /run/sandcastle/main.js true /workspace --experimental-detect-module\n", exited.Stdout + exited.Stderr);

        // An ES module has no require: the marker reads pid 1's command line through import.
        var module = await RunAsync(sandbox, WarmMarker.Replace("new Error().stack", "new Error().stack.toString()", StringComparison.Ordinal)
            .Replace("require(\"fs\")", "(await import(\"fs\"))", StringComparison.Ordinal)
            + "\nimport os from 'os';\nawait new Promise(r => setTimeout(r, 1));\nconsole.log(typeof os.cpus, import.meta.url, typeof require);");
        Assert.Equal(0, module.Result.ExitCode);
        Assert.EndsWith("function file:///run/sandcastle/main.js undefined\n", module.Stdout);

        var stdin = await RunAsync(sandbox, WarmMarker + "console.log(require('fs').readFileSync(0, 'utf8').toUpperCase());",
            options: ExecRequest.ForCode(SandboxLanguage.JavaScript, "") with { Stdin = "from stdin"u8.ToArray() });
        Assert.Equal(WarmLine + "FROM STDIN\n", stdin.Stdout + stdin.Stderr);

        var typescript = await RunAsync(sandbox, "const n: number = 21;\nconsole.log(n * 2, process.argv[1], typeof require);\nprocess.exit(3);", SandboxLanguage.TypeScript);
        Assert.Equal("42 /tmp/.sandcastle/main.mjs function\n", typescript.Stdout + typescript.Stderr);
        Assert.Equal(3, typescript.Result.ExitCode);
        var broken = await RunAsync(sandbox, "const x: number = ;", SandboxLanguage.TypeScript);
        Assert.Equal(1, broken.Result.ExitCode);
        Assert.Contains("Unexpected \";\"", broken.Stderr);
    }

    [Fact]
    public async Task TypeScript_RunsWithItsTypesStrippedInTheWarmNode_AndWhatTheStripperLeavesGoesToEsbuild()
    {
        await using var sandbox = Engine.CreateEphemeral();
        // The later rounds' Nodes were warmed after a TypeScript run: they loaded the stripper (and started Node's loader
        // of ES modules) before their run. The first ones (as many as the warm spares, one per core from 2 to 8) may
        // have been warmed before any.
        for (var round = 0; round < Math.Clamp(Environment.ProcessorCount, 2, 8) + 2; round++)
        {
            var stripped = await RunAsync(sandbox, """
                // the snippet as written
                enum Color { Red, Blue }
                const lines: string[] = require('fs').readFileSync(process.argv[1], 'utf8').split('\n');
                console.log(Color.Blue, lines.includes('// the snippet as written'), JSON.stringify(Object.keys(require.cache)),
                  Object.getOwnPropertyNames(globalThis).filter(name => /sucrase|strip/i.test(name)).length);
                """, SandboxLanguage.TypeScript);
            // A warm Node runs the snippet as written, less its types (sucrase): its comment is still there; a Node
            // started per run runs esbuild's rewrite of it, without comments.
            Assert.Equal($"1 {(Warm ? "true" : "false")} [] 0\n", stripped.Stdout + stripped.Stderr);
        }
        // A Node primed for TypeScript (every warm one now) serves JavaScript as any other: nothing of the priming shows.
        var javascript = await RunAsync(sandbox, WarmMarker + "const { _cache, _pathCache } = require('module');\n"
            + "console.log(JSON.stringify(Object.keys(_cache)), Object.keys(_pathCache).some(key => key.includes('type-stripper')), require('fs').existsSync('/tmp/.sandcastle'));");
        Assert.Equal(WarmLine + "[\"/run/sandcastle/main.js\"] false false\n", javascript.Stdout + javascript.Stderr);
        var namespaced = await RunAsync(sandbox, "namespace Shapes { export const sides: number = 4; }\nconsole.log(Shapes.sides);", SandboxLanguage.TypeScript);
        Assert.Equal("4\n", namespaced.Stdout + namespaced.Stderr);
        var decorated = await RunAsync(sandbox, "function tag(value: any, context: any) { return value; }\n@tag class Tagged {}\nconsole.log(typeof Tagged);", SandboxLanguage.TypeScript);
        Assert.Equal("function\n", decorated.Stdout + decorated.Stderr);
        var disposed = await RunAsync(sandbox, "{ using held = { [Symbol.dispose]() { console.log('disposed'); } }; }", SandboxLanguage.TypeScript);
        Assert.Equal("disposed\n", disposed.Stdout + disposed.Stderr);
    }

    /// <summary>
    /// pid 1 of a warm Node's spare (Python's, or the native program, which keeps the socket it tells the end on)
    /// takes no signal from the run, and its memory, environment and descriptors are not the run's to open. (A
    /// launched run's pid 1 is the launcher's init, not the engine's: forked runs only.)
    /// </summary>
    protected async Task Pid1_TakesNoSignal_AndItsMemoryEnvironmentAndDescriptors_AreOutOfReach()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await RunAsync(sandbox, WarmMarker + """
            const fs = require("fs");
            for (const signal of ["SIGTERM", "SIGINT", "SIGHUP", "SIGCHLD", "SIGQUIT", "SIGUSR1", "SIGPIPE", "SIGSTOP", "SIGKILL"])
              try { process.kill(1, signal); } catch (error) { console.log(signal, error.code); }
            const opened = [["/proc/1/mem", "r+"], ["/proc/1/environ", "r"], ["/proc/1/fd/3", "r+"], ["/proc/1/fd/1", "a"]]
              .map(([path, flags]) => { try { fs.closeSync(fs.openSync(path, flags)); return "opened"; } catch (error) { return error.code; } });
            // pid 1's socket, taken through a pidfd (pidfd_getfd), by a program the run starts.
            const taken = require("child_process").execFileSync("python3", ["-c",
              "import ctypes, os; libc = ctypes.CDLL(None, use_errno=True); pidfd = libc.syscall(434, 1, 0); print(libc.syscall(438, pidfd, 3, 0), os.strerror(ctypes.get_errno()))"]).toString().trim();
            setTimeout(() => { console.log("still here", opened.join(" "), taken); process.exit(7); }, 300);
            """);
        Assert.Equal(7, run.Result.ExitCode);
        Assert.Equal(WarmLine + "still here EACCES EACCES EACCES EACCES -1 Operation not permitted\n", run.Stdout + run.Stderr);
    }

    [Theory]
    // A parameter property is a class field first, as esbuild declares it: the base class's setter is not called.
    [InlineData("class Base { set x(v: number) { console.log('setter', v); } get x() { return -1; } }\nclass P extends Base { label = 'p'; constructor(public x: number) { super(); } }\nconst p = new P(1); console.log(JSON.stringify(p), p.x);",
        "{\"x\":1,\"label\":\"p\"} 1\n")]
    // esbuild runs a file that uses module, exports, or this or return at the top level as CommonJS.
    [InlineData("console.log(typeof module, typeof exports);", "object object\n")]
    [InlineData("console.log(this === undefined);\nif (Math.random() < 2) return;\nconsole.log('not here');", "false\n")]
    [InlineData("#!/usr/bin/env node\nconst n: number = 1; console.log(n);", "1\n")]
    public async Task TypeScript_RunsAsEsbuildRunsIt_WhereSucraseWouldDiffer(string code, string expected)
    {
        await using var sandbox = Engine.CreateEphemeral();
        for (var round = 0; round < 2; round++)
        {
            var run = await RunAsync(sandbox, code, SandboxLanguage.TypeScript);
            Assert.Equal(expected, run.Stdout + run.Stderr);
        }
    }

    [Fact]
    public async Task ARunawayLoop_EndsAtItsTimeout_AndAMemoryHogAtItsLimit()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var loop = await RunAsync(sandbox, WarmMarker + "while (true) {}",
            options: ExecRequest.ForCode(SandboxLanguage.JavaScript, "") with { Limits = sandbox.Limits with { Timeout = TimeSpan.FromSeconds(1) } });
        Assert.Equal(ExitReason.Timeout, loop.Result.Reason);
        Assert.Equal(WarmLine, loop.Stdout);
        // The warm Node's own memory is counted in the run's cgroup (it was born there): 256 MiB is the least it takes.
        var hog = await RunAsync(sandbox, WarmMarker + "const kept = []; while (true) kept.push(Buffer.alloc(16 * 1024 * 1024, 1));",
            options: ExecRequest.ForCode(SandboxLanguage.JavaScript, "") with { Limits = sandbox.Limits with { MemoryBytes = Sandcastle.Sandbox.ForkServers.WarmNode.MinimumMemoryBytes } });
        Assert.Equal(ExitReason.OutOfMemory, hog.Result.Reason);
        Assert.Equal(WarmLine, hog.Stdout);
    }

    [Fact]
    public async Task RunsANodeFixesAtStart_StartTheirOwnNode()
    {
        await using var sandbox = Engine.CreateEphemeral();
        // NODE_OPTIONS and a memory limit a started Node's heap would crowd: each run starts its own, as before.
        var options = await RunAsync(sandbox, WarmMarker + "console.log(require('v8').getHeapStatistics().heap_size_limit < 100 * 1024 * 1024);",
            options: ExecRequest.ForCode(SandboxLanguage.JavaScript, "") with { Environment = new Dictionary<string, string> { ["NODE_OPTIONS"] = "--max-old-space-size=48" } });
        Assert.Equal(ColdLine + "true\n", options.Stdout + options.Stderr);
        var small = await RunAsync(sandbox, WarmMarker,
            options: ExecRequest.ForCode(SandboxLanguage.JavaScript, "") with { Limits = sandbox.Limits with { MemoryBytes = 128L * 1024 * 1024 } });
        Assert.Equal(ColdLine, small.Stdout + small.Stderr);
        // Node sizes its heap from the memory limit it starts under: a larger one than the warm Nodes' starts its own.
        var large = await RunAsync(sandbox, WarmMarker + "console.log(require('v8').getHeapStatistics().heap_size_limit > 400 * 1024 * 1024);",
            options: ExecRequest.ForCode(SandboxLanguage.JavaScript, "") with { Limits = sandbox.Limits with { MemoryBytes = 1024L * 1024 * 1024 } });
        Assert.Equal(ColdLine + "true\n", large.Stdout + large.Stderr);
        // The run's own HOME is where require looks for ~/.node_modules.
        var home = await RunAsync(sandbox, WarmMarker + "console.log(require('module').globalPaths[0]);",
            options: ExecRequest.ForCode(SandboxLanguage.JavaScript, "") with { Environment = new Dictionary<string, string> { ["HOME"] = "/workspace" } });
        Assert.Equal(WarmLine + "/workspace/.node_modules\n", home.Stdout + home.Stderr);
    }
}

/// <summary>Forked, warm Nodes started from plain spares: every run above takes a warm Node, its pid 1 Python's.</summary>
public sealed class WarmNodeTestsWhenForked(PythonWarmNodeEngineFixture fixture) : WarmNodeTests(fixture), IClassFixture<PythonWarmNodeEngineFixture>
{
    protected override bool Warm => true;

    [Fact]
    public Task Pid1_TakesNoSignal_AndItsMemoryEnvironmentAndDescriptors_AreOutOfReachOfTheRun() =>
        Pid1_TakesNoSignal_AndItsMemoryEnvironmentAndDescriptors_AreOutOfReach();
}

/// <summary>Forked, warm Nodes started from native spares: every run above takes one, its pid 1 sandcastle-exec-init.</summary>
public sealed class WarmNodeTestsWhenForkedNatively(ForkingEngineFixture fixture) : WarmNodeTests(fixture), IClassFixture<ForkingEngineFixture>
{
    protected override bool Warm => true;

    protected override bool Native => true;

    [Fact]
    public Task Pid1_TakesNoSignal_AndItsMemoryEnvironmentAndDescriptors_AreOutOfReachOfTheRun() =>
        Pid1_TakesNoSignal_AndItsMemoryEnvironmentAndDescriptors_AreOutOfReach();
}

/// <summary>Launched: the same code, each run starting its own Node.</summary>
public sealed class WarmNodeTestsWhenLaunched(LaunchingEngineFixture fixture) : WarmNodeTests(fixture), IClassFixture<LaunchingEngineFixture>
{
    protected override bool Warm => false;
}
