namespace Sandcastle.Sandbox.Tests.ForkServers;

/// <summary>
/// A Python program run in the fork server's already-started interpreter must give exactly what a fresh
/// <c>python3 main.py</c> under a launcher of its own gives: output, tracebacks, exit codes.
/// </summary>
public sealed class ForkedAndLaunchedRunsTests(ForkingEngineFixture forking, LaunchingEngineFixture launching)
    : IClassFixture<ForkingEngineFixture>, IClassFixture<LaunchingEngineFixture>
{
    [Fact]
    public async Task ForkedAndLaunchedRuns_GiveTheSameResults()
    {
        const string program = """
            import sys, os
            print(__name__, sys.argv, sys.path[0], os.getcwd(), os.environ.get("GREETING"), sys.stdin.read().strip())
            print(sorted(k for k in os.environ if not k.startswith("GREETING")))
            print("to stderr", file=sys.stderr)
            raise ValueError("boom")
            """;
        var request = ExecRequest.ForCode(SandboxLanguage.Python, program) with
        {
            Stdin = "from stdin"u8.ToArray(),
            Environment = new Dictionary<string, string> { ["GREETING"] = "hi" },
        };
        var (forked, launched) = await RunBothAsync(request);

        Assert.Equal(launched.Stdout, forked.Stdout);
        Assert.Equal(launched.Stderr, forked.Stderr);
        Assert.Equal(launched.Result.ExitCode, forked.Result.ExitCode);
        Assert.StartsWith("__main__ ['/run/sandcastle/main.py'] /run/sandcastle /workspace hi from stdin\n", forked.Stdout);
        Assert.DoesNotContain("forkserver", forked.Stderr);
    }

    [Theory]
    [InlineData("print(", 1)]
    [InlineData("import sys\nsys.exit(7)", 7)]
    [InlineData("import sys\nsys.exit('bye')", 1)]
    [InlineData("import os\nos._exit(3)", 3)]
    [InlineData("import atexit\natexit.register(lambda: print('at exit'))\nprint('main')", 0)]
    [InlineData("import threading, time\nthreading.Thread(target=lambda: (time.sleep(0.2), print('thread done'))).start()\nprint('main done')", 0)]
    // Python ends on an unhandled KeyboardInterrupt by SIGINT itself.
    [InlineData("raise KeyboardInterrupt", 130)]
    public async Task SyntaxErrors_ExitCodes_AndShutdown_MatchALaunchedRun(string program, int exitCode)
    {
        var (forked, launched) = await RunBothAsync(ExecRequest.ForCode(SandboxLanguage.Python, program));

        Assert.Equal(exitCode, forked.Result.ExitCode);
        Assert.Equal(launched.Result.ExitCode, forked.Result.ExitCode);
        Assert.Equal(launched.Stdout, forked.Stdout);
        Assert.Equal(launched.Stderr, forked.Stderr);
    }

    /// <summary>
    /// The program starts with every signal at its default, as from a login shell: a pipeline's writer dies quietly of
    /// SIGPIPE when its reader is done, and a file past the size limit ends the writer by SIGXFSZ. (Python and .NET
    /// ignore SIGPIPE, Python SIGXFSZ too, and a program started from either keeps an ignored signal unless it is reset.)
    /// </summary>
    [Fact]
    public async Task AnExecdProgram_StartsWithDefaultSignals_InBothModes()
    {
        var request = ExecRequest.ForCommand("""
            yes | head -n 1; echo "yes ended ${PIPESTATUS[0]}"
            { head -c 2000000 /dev/zero > /tmp/big; echo "big file $?" >&3; } 3>&1 2>/dev/null
            grep '^SigBlk' /proc/self/status
            """) with { Limits = new SandboxLimits { MaxFileSizeBytes = 1024 * 1024 } };
        var (forked, launched) = await RunBothAsync(request, commandSpare: true);

        const string expected = "y\nyes ended 141\nbig file 153\nSigBlk:\t0000000000000000\n";
        Assert.Equal(("", expected), (launched.Stderr, launched.Stdout));
        Assert.Equal(("", expected), (forked.Stderr, forked.Stdout));
    }

    /// <summary>
    /// A command bash would only exec is exec'd by the fork server's pid 1 itself, without bash (see SimpleCommand):
    /// the program, its arguments, environment, directory, exit code and every error must be what bash gives, as a
    /// launched run (always through bash) shows. Where pid 1 cannot be sure, bash runs it.
    /// </summary>
    [Theory]
    // Found in PATH: the environment bash gives (PWD, SHLVL, `_` as the path it found), arguments as quoted.
    [InlineData("python3 -c \"import os, sys; print(sorted(os.environ.items()), sys.argv, os.getcwd())\" 'a b' \"c d\" e'f g'h ''", null, null)]
    [InlineData("/usr/bin/python3 -c \"import os; print(sorted(os.environ.items()))\"", "SHLVL", "5")]
    [InlineData("/usr/bin/env", "SHLVL", "01")]
    [InlineData("/usr/bin/env", "SHLVL", "999")]
    [InlineData("/usr/bin/env", "OLDPWD", "/tmp")]
    [InlineData("/usr/bin/env", "SHELLOPTS", "xtrace")]
    [InlineData("/usr/bin/env", "BASH_ENV", "/workspace/startup")]
    [InlineData("/usr/bin/env", "PATH", "/bin:/usr/bin")]
    [InlineData("env", "PATH", "bin:/usr/bin")]
    [InlineData("env", "PATH", "")]
    [InlineData("env", "PWD", "/tmp")]
    // Variables bash resets, drops or regenerates, and a locale it warns about: bash's.
    [InlineData("/usr/bin/env", "IFS", ":")]
    [InlineData("/usr/bin/env", "PPID", "7")]
    [InlineData("/usr/bin/env", "RANDOM", "4")]
    [InlineData("/usr/bin/env", "PS4", "> ")]
    [InlineData("/usr/bin/env", "LC_ALL", "xx_YY.UTF-8")]
    [InlineData("/usr/bin/env", "LC_ALL", "C")]
    [InlineData("%x", "PATH", "/workspace/bin:/usr/bin:/bin")]
    // The workspace's own program comes first in PATH, as bash finds it.
    [InlineData("python3 -c 'print(1)'", "PATH", "/workspace/bin:/usr/local/bin:/usr/bin:/bin")]
    // Not found, not executable, a directory, a script without #!: bash's own words and exit codes.
    [InlineData("no-such-program --flag", null, null)]
    [InlineData("/etc/hostname", null, null)]
    [InlineData("/tmp", null, null)]
    [InlineData("./no-shebang.sh one", null, null)]
    [InlineData("bin/python3 -c 'print(1)'", null, null)]
    [InlineData("noexec", "PATH", "/workspace/bin:/usr/bin:/bin")]
    // Builtins and more than one program: bash's, as before.
    [InlineData("echo hi 'there'", null, null)]
    [InlineData("/usr/bin/printf '%s|' a \"b c\" $HOME", null, null)]
    public async Task ASimpleCommand_RunsAsBashRunsIt_InBothModes(string command, string? variable, string? value)
    {
        // Written by bash in both modes before the command runs; the startup file says it was read.
        const string setup = """
            mkdir -p bin && printf '#!/bin/sh\necho mine "$@"\n' > bin/python3 && chmod +x bin/python3
            printf 'echo no shebang "$@"; exit 3\n' > no-shebang.sh && chmod +x no-shebang.sh
            printf 'echo plain file\n' > bin/noexec
            echo 'echo startup file read' > startup
            printf '#!/bin/sh\necho percent\n' > bin/%x && chmod +x bin/%x
            """;
        // Forked, it runs in a native spare (pid 1 in C), unless pid 1's interpreter may run it itself.
        var inPid1sInterpreter = Path.GetFileName(command.Split(' ')[0]) == "python3";
        await AssertSameInBothModesAsync(Command(command, variable, value), setup, Sorted, commandSpare: !inPid1sInterpreter);
    }

    /// <summary>
    /// A <c>python3 -c CODE</c> or <c>python3 FILE</c> command runs in the fork server's already-started interpreter
    /// (see python_command.py) and must give what a fresh interpreter gives, as a launched run (bash, then a new
    /// <c>python3</c>) shows: argv, sys.path, __file__, globals, tracebacks, exit codes, stdin. Where a fresh interpreter
    /// would start or run differently (an option, a variable it reads as it starts, a zip application, compiled code,
    /// a file it cannot run), the command is exec'd, and gives the same again.
    /// </summary>
    [Theory]
    [InlineData("python3 -c \"import os, sys; print(sys.argv, repr(sys.path[0]), __name__, repr(__doc__), __loader__, __spec__, sorted(globals()), sys.orig_argv, sys.flags, sys.executable, os.getpid(), os.getppid(), sorted(os.environ.items()), os.getcwd())\" a 'b c'", null, null)]
    [InlineData("/usr/bin/python3 -c 'import sys; print(sys.orig_argv, sys.stdin.read())'", null, null)]
    [InlineData("python3 sub/s.py x 'y z'", null, null)]
    [InlineData("python3 ./sub/../sub/s.py", null, null)]
    [InlineData("python3 link.py", null, null)]
    [InlineData("python3 /workspace/sub/s.py", "GREETING", "hi")]
    [InlineData("python3 sub/raise.py", null, null)]
    [InlineData("python3 -c 'import sys; print(1); sys.exit(3)'", null, null)]
    [InlineData("python3 -c 'import sys; sys.exit(\"bye\")'", null, null)]
    [InlineData("python3 -c '1+'", null, null)]
    [InlineData("python3 -c 'raise KeyboardInterrupt'", null, null)]
    [InlineData("python3 -c 'import atexit, threading, time; atexit.register(print, \"at exit\"); threading.Thread(target=lambda: (time.sleep(0.1), print(\"thread\"))).start()'", null, null)]
    // Ending as a fresh interpreter ends: what only the program held is finalized; a status past a C long is 255.
    [InlineData("python3 -c 'class Noisy:\n    def __del__(self):\n        print(\"finalized\")\nkept = Noisy()\ndef counting():\n    try:\n        yield 1\n    finally:\n        print(\"generator closed\")\nrunning = counting()\nnext(running)'", null, null)]
    [InlineData("python3 -c 'import sys; print(1); sys.exit(2 ** 64)'", null, null)]
    [InlineData("python3 -c 'import sys; print(1); sys.exit(2 ** 32 + 3)'", null, null)]
    // As deep a recursion as in a fresh interpreter, though the program runs below the fork server's frames.
    [InlineData("python3 -c 'def depth(n):\n    try:\n        return depth(n + 1)\n    except RecursionError:\n        return n\nprint(depth(0))'", null, null)]
    // Warnings compiling it, as a fresh interpreter says them.
    [InlineData("python3 -c 'print(1 is 1)'", null, null)]
    // Exec'd: what does not compile (a fresh interpreter's own words), a file not in UTF-8 without a declaration.
    [InlineData("python3 latin.py", null, null)]
    [InlineData("python3 -c 'print(1 is 1)\nprint('", null, null)]
    // Exec'd: what a fresh interpreter reads as it starts differs from the fork server's.
    [InlineData("python3 -c 'print(hash(\"sandcastle\"))'", "PYTHONHASHSEED", "7")]
    [InlineData("python3 -c 'import pathmod'", "PYTHONPATH", "/workspace/sub")]
    [InlineData("python3 -c 'import usermod'", "HOME", "/workspace/home")]
    [InlineData("python3 -c 'import time; print(time.tzname)'", "TZ", "JST-9")]
    [InlineData("python3 -c 'import sys; print(sys.stdout.line_buffering, sys.stdout.write_through)'", "PYTHONUNBUFFERED", "")]
    // Exec'd: options, and programs that are not a file of source.
    [InlineData("python3 -I -c 'import sys; print(sys.flags.isolated, sys.path[0])'", null, null)]
    [InlineData("python3 -m json.tool sub/data.json", null, null)]
    [InlineData("python3 -c", null, null)]
    [InlineData("python3 app.pyz", null, null)]
    [InlineData("python3 s.pyc", null, null)]
    [InlineData("python3 sub", null, null)]
    [InlineData("python3 missing.py", null, null)]
    public async Task APythonCommand_RunsAsAFreshInterpreterRunsIt_InBothModes(string command, string? variable, string? value)
    {
        const string setup = """
            mkdir -p sub
            printf 'import sys\nprint(__file__, sys.argv, sys.path[0], type(__loader__).__name__, __cached__, sorted(globals()))\n' > sub/s.py
            ln -s sub/s.py link.py
            printf 'def fail():\n    raise ValueError("deep")\n\nfail()\n' > sub/raise.py
            echo '{"a": [1, 2]}' > sub/data.json
            echo 'print("on PYTHONPATH")' > sub/pathmod.py
            site=$(HOME=/workspace/home python3 -c 'import site; print(site.getusersitepackages())')
            mkdir -p "$site" && echo 'print("user site")' > "$site/usermod.py"
            python3 -c "import zipfile; z = zipfile.ZipFile('app.pyz', 'w'); z.writestr('__main__.py', 'print(\"from a zip\")'); z.close()"
            python3 -c "import py_compile; py_compile.compile('sub/s.py', cfile='s.pyc', doraise=True)"
            printf 'print(1)\n# caf\xe9\n' > latin.py
            """;
        await AssertSameInBothModesAsync(Command(command, variable, value) with { Stdin = "from stdin"u8.ToArray() }, setup);
    }

    /// <summary>A file the program opened and never closed is written out as the program ends, as in a fresh interpreter.</summary>
    [Fact]
    public async Task APythonCommand_WritesOutAFileItNeverClosed()
    {
        await using var sandbox = forking.Engine.CreateEphemeral();
        var run = await sandbox.RunAsync(ExecRequest.ForCommand("python3 -c 'kept = open(\"unclosed.txt\", \"w\"); kept.write(\"all of it\")'"), TestContext.Current.CancellationToken);
        var written = await sandbox.Bash("cat unclosed.txt");

        Assert.Equal((0, ""), (run.Result.ExitCode, run.Stderr));
        Assert.Equal("all of it", written.Stdout);
    }

    /// <summary>Without this, the test above could pass with every python3 command exec'd.</summary>
    [Fact]
    public async Task APythonCommand_RunsInTheForkServersInterpreter()
    {
        await using var sandbox = forking.Engine.CreateEphemeral();
        var run = await sandbox.RunAsync(ExecRequest.ForCommand("python3 -c 'import sys; print(\"sandcastle_fork.child\" in sys.modules, \"_ctypes\" in sys.modules)'"), TestContext.Current.CancellationToken);

        // Already loaded: the server's own imports (its own package is taken out).
        Assert.Equal(("False True\n", ""), (run.Stdout, run.Stderr));
    }

    /// <summary>
    /// An executable that is not a regular file, first in PATH, is what bash takes: its exec fails, and bash then
    /// opens it to see what it is, which for a FIFO waits for a writer. pid 1 must not pass over it to the next in
    /// PATH: both modes wait alike, until the timeout.
    /// </summary>
    [Fact]
    public async Task AnExecutableFifoFirstInPath_IsBashsToRun_InBothModes()
    {
        var setup = ExecRequest.ForCommand("mkdir fifo && mkfifo fifo/python3 && chmod +x fifo/python3");
        var request = ExecRequest.ForCommand("python3 -c 'print(1)'") with
        {
            Environment = new Dictionary<string, string> { ["PATH"] = "/workspace/fifo:/usr/bin:/bin" },
            Limits = SandboxLimits.Default with { Timeout = TimeSpan.FromSeconds(2) },
        };
        var (forked, launched) = await RunBothAsync(request, setup);

        Assert.Equal(ExitReason.Timeout, launched.Result.Reason);
        Assert.Equal((launched.Result.Reason, launched.Stdout, launched.Stderr), (forked.Result.Reason, forked.Stdout, forked.Stderr));
    }

    /// <summary>A command with one variable set (or none).</summary>
    private static ExecRequest Command(string command, string? variable, string? value) =>
        ExecRequest.ForCommand(command) with { Environment = variable is null ? null : new Dictionary<string, string> { [variable] = value! } };

    /// <summary>
    /// The command, after the same setup in each mode, says the same (stdout as <paramref name="normalize"/> gives it)
    /// and exits alike; and it says something, so that two empty failures do not pass.
    /// </summary>
    private async Task AssertSameInBothModesAsync(ExecRequest request, string setup, Func<string, string>? normalize = null, bool commandSpare = false)
    {
        var (forked, launched) = await RunBothAsync(request, ExecRequest.ForCommand(setup), commandSpare);
        normalize ??= output => output;

        Assert.Equal(normalize(launched.Stdout), normalize(forked.Stdout));
        Assert.Equal(launched.Stderr, forked.Stderr);
        Assert.Equal(launched.Result.ExitCode, forked.Result.ExitCode);
        Assert.False(string.IsNullOrEmpty(forked.Stdout + forked.Stderr), "the command said nothing");
    }

    // A program that prints its environment prints it in the order it was given: bash orders it by its own hash table.
    private static string Sorted(string output) => string.Join('\n', output.Split('\n').Order(StringComparer.Ordinal));

    /// <param name="commandSpare">Forked, the request runs in a native spare (asserted).</param>
    private async Task<(CollectedExec Forked, CollectedExec Launched)> RunBothAsync(ExecRequest request, ExecRequest? setup = null, bool commandSpare = false)
    {
        await using var forkedSandbox = forking.Engine.CreateEphemeral();
        if (setup is not null)
            Assert.True((await forkedSandbox.RunAsync(setup, TestContext.Current.CancellationToken)).Result.Success);
        var server = forking.Engine.TryGetForkServer()!;
        if (commandSpare)
            await forking.Engine.WaitForCommandSpareAsync();
        var commandSparesBefore = server.CommandSparesTaken;
        var forked = await forkedSandbox.RunAsync(request, TestContext.Current.CancellationToken);
        if (commandSpare)
            Assert.Equal(1, server.CommandSparesTaken - commandSparesBefore);
        await using var launchedSandbox = launching.Engine.CreateEphemeral();
        if (setup is not null)
            Assert.True((await launchedSandbox.RunAsync(setup, TestContext.Current.CancellationToken)).Result.Success);
        var launched = await launchedSandbox.RunAsync(request, TestContext.Current.CancellationToken);
        return (forked, launched);
    }
}
