using System.Text;

namespace Sandcastle.Sandbox.Tests.ForkServers;

/// <summary>
/// Attacks on the fork server from sandboxed code: what a forked execution inherits from the process that forked
/// it (memory, descriptors, privileges, terminals), the framing of its output, and ways to stall or kill the one
/// server every sandbox shares. Every test asserts the safe outcome.
/// </summary>
public sealed class ForkServerRedTeamTests(ForkingEngineFixture fixture) : IClassFixture<ForkingEngineFixture>
{
    private SandboxEngine Engine => fixture.Engine;

    /// <summary>
    /// A Python program runs in a copy of the memory of whatever forked it. The server reads every request (code,
    /// stdin, sandbox ids): neither its live objects nor its freed heap may reach another execution.
    /// </summary>
    [Fact]
    public async Task TheForkedInterpreter_HoldsNoOtherExecutionsCodeStdinOrSandbox()
    {
        var victim = Engine.GetOrCreate($"mem-{Guid.NewGuid():N}"[..20]);
        var codeSecret = $"codesecret{Guid.NewGuid():N}";
        var stdinSecret = $"stdinsecret{Guid.NewGuid():N}";
        var pendingSecret = $"pendingsecret{Guid.NewGuid():N}";
        var finished = await victim.RunAsync(ExecRequest.ForCode(SandboxLanguage.Python, $"x = '{codeSecret}'\nimport sys\nprint(len(sys.stdin.read()))")
            with { Stdin = Encoding.UTF8.GetBytes(stdinSecret) }, TestContext.Current.CancellationToken);
        Assert.Equal(0, finished.Result.ExitCode);
        // Running while the attacker starts, with stdin it never reads: the server still holds most of it.
        var pending = Encoding.UTF8.GetBytes(pendingSecret + new string('p', 1 << 20));
        var running = victim.Start(ExecRequest.ForCode(SandboxLanguage.Python, "import time\nprint('ready', flush=True)\ntime.sleep(20)")
            with { Stdin = pending, Limits = victim.Limits with { Timeout = TimeSpan.FromSeconds(20) } });
        await WaitForOutputAsync(running, "ready");

        // The needles are written reversed in the attacker's source, so that only their own objects hold them.
        string[] needles = [codeSecret, stdinSecret, pendingSecret, victim.Id,
            Base64Prefix(stdinSecret), Base64Prefix(pendingSecret)];
        await using var attacker = Engine.CreateEphemeral();
        var scan = await attacker.Python($$"""
            import ctypes, gc, os, sys
            needles = [bytes(reversed(x.encode())) for x in ({{string.Join(", ", needles.Select(n => $"'{new string(n.Reverse().ToArray())}'"))}})]
            own = {id(n) + 32 for n in needles}  # a bytes object's data follows its 32-byte header
            buffer = bytearray((1 << 20) + 256)
            low = ctypes.addressof((ctypes.c_char * len(buffer)).from_buffer(buffer))
            hits = set()
            mem = os.open("/proc/self/mem", os.O_RDONLY)
            for line in open("/proc/self/maps").read().splitlines():
                fields = line.split()
                start, end = (int(x, 16) for x in fields[0].split("-"))
                if "r" not in fields[1] or fields[-1] in ("[vvar]", "[vsyscall]", "[vvar_vclock]"):
                    continue
                for position in range(start, end, 1 << 20):
                    try:
                        count = os.preadv(mem, [memoryview(buffer)[:min(len(buffer), end - position)]], position)
                    except OSError:
                        break
                    for index, needle in enumerate(needles):
                        at = buffer.find(needle, 0, count)
                        while at >= 0:
                            address = position + at
                            if address not in own and not low <= address < low + len(buffer):
                                hits.add(index)
                            at = buffer.find(needle, at + 1, count)
            print("hits", sorted(hits))
            kinds = {type(o).__name__ for o in gc.get_objects()}
            print("server objects", sorted(kinds & {"Server", "Execution"}))
            frame, names = sys._getframe(), []
            while frame:
                names.append(frame.f_code.co_name)
                frame = frame.f_back
            print("server frames", sorted(set(names) & {"serve", "handle_control"}))
            """);

        running.Kill();
        await running.Completion;
        Assert.Equal("", scan.Stderr);
        Assert.Equal("hits []\nserver objects []\nserver frames []\n", scan.Stdout);
        await Engine.DestroyAsync(victim.Id, TestContext.Current.CancellationToken);
    }

    /// <summary>The container has one devpts instance and every execution runs as the same uid there.</summary>
    [Fact]
    public async Task Terminals_ArePrivateToEachExecution()
    {
        var victim = Engine.GetOrCreate($"pty-{Guid.NewGuid():N}"[..20]);
        var running = victim.Start(ExecRequest.ForCode(SandboxLanguage.Python, """
            import os, pty, select, time
            master, slave = pty.openpty()
            print("terminal", os.ttyname(slave), flush=True)
            end = time.monotonic() + 15
            while time.monotonic() < end:
                if select.select([master], [], [], 0.05)[0]:
                    print("read", os.read(master, 100), flush=True)
            """) with { Limits = victim.Limits with { Timeout = TimeSpan.FromSeconds(20) } });
        await WaitForOutputAsync(running, "terminal");
        await using var attacker = Engine.CreateEphemeral();

        var attack = await attacker.Python("""
            import os
            print(sorted(os.listdir("/dev/pts")))
            for name in range(16):
                try:
                    fd = os.open(f"/dev/pts/{name}", os.O_RDWR | os.O_NOCTTY)
                    os.write(fd, b"INJECTED\n")
                    print("opened", name)
                except OSError:
                    pass
            """);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        running.Kill();
        var victimOutput = await Collect(running);

        Assert.Equal("['ptmx']\n", attack.Stdout);
        Assert.DoesNotContain("INJECTED", victimOutput);
        await Engine.DestroyAsync(victim.Id, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// pid 1 is a fork of the privileged server: it must end up as bare as the program, holding nothing of the server's
    /// but the socket it tells the program's end on, which the program can neither list, open nor take; nor can it
    /// write pid 1's memory (same uid, but pid 1 is not dumpable).
    /// </summary>
    [Fact]
    public async Task Pid1AndTheProgram_HoldNoPrivilege_AndNoDescriptorOfTheServer()
    {
        await using var sandbox = Engine.CreateEphemeral();

        var run = await sandbox.Python("""
            import ctypes, os
            for pid in ("1", "self"):
                status = dict(line.split(":\t", 1) for line in open(f"/proc/{pid}/status").read().splitlines() if ":\t" in line)
                print(pid, [status[k].strip() for k in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp")])
            for attempt in (lambda: os.listdir("/proc/1/fd"), lambda: os.open("/proc/1/fd/3", os.O_RDWR),
                            lambda: os.open("/proc/1/mem", os.O_RDWR), lambda: os.open("/proc/1/environ", os.O_RDONLY)):
                try:
                    print("reached", attempt())
                except OSError as error:
                    print(error.strerror)
            libc = ctypes.CDLL(None, use_errno=True)
            pidfd = libc.syscall(434, 1, 0)  # pidfd_open
            print("pidfd_getfd", libc.syscall(438, pidfd, 3, 0), os.strerror(ctypes.get_errno()))  # pidfd_getfd
            os.close(pidfd)
            print("own fds", sorted(fd for fd in os.listdir("/proc/self/fd") if os.path.exists(f"/proc/self/fd/{fd}")))
            print("processes", sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))
            """);

        var zero = "'0000000000000000', '0000000000000000', '0000000000000000', '0000000000000000', '0000000000000000'";
        Assert.Equal($"1 [{zero}, '1', '2']\nself [{zero}, '1', '2']\nPermission denied\nPermission denied\nPermission denied\nPermission denied\npidfd_getfd -1 Operation not permitted\nown fds ['0', '1', '2']\nprocesses [1, 2]\n", run.Stdout);
    }

    [Fact]
    public async Task TheCovers_CannotBeLifted_AndTheServersDirectoriesAreReadOnly()
    {
        var other = Engine.GetOrCreate($"cover-{Guid.NewGuid():N}"[..20]);
        Assert.Equal(0, (await other.Bash("echo x > /workspace/file")).Result.ExitCode);
        await using var sandbox = Engine.CreateEphemeral();

        var run = await sandbox.Python($"""
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            for target in (b"/run/sandcastle-sandboxes", b"/run/sandcastle", b"/proc", b"/dev/pts"):
                print("umount", libc.umount2(target, 2), ctypes.get_errno() != 0)
            fonts = [os.path.join("/tmp/.matplotlib", n) for n in os.listdir("/tmp/.matplotlib")]
            for path in [os.path.join(d, "planted") for d in ("/run/sandcastle", "/run/sandcastle-fonts", "/run/sandcastle-sandboxes")] + fonts:
                try:
                    open(path, "a")
                    print("wrote", path)
                except OSError:
                    pass
            print("mentions other", "{other.Id}" in open("/proc/self/mountinfo").read())
            print("forkserver files", sorted(n for d in ("/run/sandcastle", "/run/sandcastle-fonts") for n in os.listdir(d) if "forkserver" in n or n.endswith(".bpf")))
            """);

        Assert.Equal("umount -1 True\numount -1 True\numount -1 True\numount -1 True\nmentions other False\nforkserver files []\n", run.Stdout);
        await Engine.DestroyAsync(other.Id, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// An exec'd program has no snippet: its /run/sandcastle is the empty read-only one its spare mounted before the
    /// request, which hides the server's own files and cannot be written to or lifted.
    /// </summary>
    [Fact]
    public async Task AnExecdProgram_SeesAnEmptyReadOnlyRunSandcastle_ThatCannotBeLifted()
    {
        await using var sandbox = Engine.CreateEphemeral();

        var run = await sandbox.Bash("""
            ls -A /run/sandcastle | wc -l
            touch /run/sandcastle/planted 2>&1 | grep -o 'Read-only file system'
            python3 -c 'import ctypes; libc = ctypes.CDLL(None, use_errno=True); print("umount", libc.umount2(b"/run/sandcastle", 2), ctypes.get_errno() != 0)'
            ls -A /run/sandcastle | wc -l
            """);

        Assert.Equal("0\nRead-only file system\numount -1 True\n0\n", run.Stdout);
    }

    /// <summary>
    /// The namespace's pid 1 takes from inside only the signals it has handlers for, and it has none by the time the
    /// program runs: the program cannot kill, stop or interrupt it (an interrupted pid 1 would end the execution
    /// early, and with it the reaping of what the program left behind).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheProgram_CannotSignalPid1(bool python)
    {
        await using var sandbox = Engine.CreateEphemeral();
        const string signals = "TERM INT HUP CHLD QUIT USR1 STOP KILL";

        var run = python
            ? await sandbox.Python($$"""
                import os, signal, sys, time
                for name in "{{signals}}".split():
                    os.kill(1, getattr(signal, "SIG" + name))
                time.sleep(0.3)
                print("still here")
                sys.exit(7)
                """)
            : await sandbox.Bash($"for s in {signals}; do kill -s $s 1; done; sleep 0.3; echo still here; exit 7");

        Assert.Equal(("still here\n", "", 7), (run.Stdout, run.Stderr, run.Result.ExitCode));
    }

    /// <summary>
    /// A <c>python3 FILE</c> command runs in pid 1's interpreter, and pid 1 reads FILE: never pid 1's own /proc files
    /// (its memory map, its environment), which the program itself may not open. The command gets what a fresh
    /// python3 gets: permission denied.
    /// </summary>
    [Theory]
    [InlineData("/proc/1/maps")]
    [InlineData("/proc/1/environ")]
    public async Task APythonCommand_CannotHavePid1ReadItsOwnProcFiles(string file)
    {
        await using var sandbox = Engine.CreateEphemeral();
        Assert.True((await sandbox.Bash($"ln -s {file} link.py")).Result.Success);

        foreach (var command in new[] { $"python3 {file}", "python3 link.py", "python3 /proc/1/cwd/link.py" })
        {
            var run = await sandbox.RunAsync(ExecRequest.ForCommand(command), TestContext.Current.CancellationToken);

            Assert.Equal(2, run.Result.ExitCode);
            Assert.Contains("[Errno 13] Permission denied", run.Stderr);
            Assert.DoesNotContain("python3.", run.Stderr);
        }
    }

    /// <summary>
    /// pid 1 checks and reads a python3 command's FILE before it forks: a chain of links too long to follow, or a FIFO,
    /// must leave it to a fresh python3 (its own message, its own wait), never end or hang pid 1.
    /// </summary>
    [Fact]
    public async Task APythonCommandsFile_ThatPid1CannotRead_IsAFreshInterpretersToReport()
    {
        await using var sandbox = Engine.CreateEphemeral();
        Assert.True((await sandbox.Bash("echo 'print(1)' > l1100 && for i in $(seq 0 1099); do ln -s l$((i + 1)) l$i; done && mkfifo fifo.py")).Result.Success);

        var chain = await sandbox.RunAsync(ExecRequest.ForCommand("python3 l0"), TestContext.Current.CancellationToken);
        var fifo = await sandbox.RunAsync(ExecRequest.ForCommand("python3 fifo.py") with
        {
            Limits = SandboxLimits.Default with { Timeout = TimeSpan.FromSeconds(1) },
        }, TestContext.Current.CancellationToken);

        Assert.Equal(2, chain.Result.ExitCode);
        Assert.Contains("[Errno 40] Too many levels of symbolic links", chain.Stderr);
        Assert.Equal((ExitReason.Timeout, ""), (fifo.Result.Reason, fifo.Stderr));
    }

    /// <summary>The server frames what the program writes; bytes that look like frames stay the program's output.</summary>
    [Fact]
    public async Task OutputThatLooksLikeFrames_IsRelayedAsIs()
    {
        await using var sandbox = Engine.CreateEphemeral();

        var run = await sandbox.Python("""
            import struct, sys
            exit_frame = struct.pack("<BII", 4, 1, 11) + b'{"code": 0}'
            huge_frame = struct.pack("<BII", 2, 0xFFFFFFFF, 0xFFFFFFF0)
            for stream in (sys.stdout.buffer, sys.stderr.buffer):
                stream.write(b"a" + exit_frame + huge_frame + b"z")
                stream.flush()
            sys.exit(3)
            """);

        var expected = "a\u0004\u0001\0\0\0\u000b\0\0\0{\"code\": 0}\u0002\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFDz";
        Assert.Equal(3, run.Result.ExitCode);
        Assert.Equal(expected, run.Stdout);
        Assert.Equal(expected, run.Stderr);
        Assert.Equal("after\n", (await sandbox.Bash("echo after")).Stdout);
    }

    /// <summary>A program that never reads a stdin larger than its pipe, or closes it, stalls nobody else.</summary>
    [Fact]
    public async Task UnreadOrClosedStdin_LargerThanAPipe_StallsNeitherTheServerNorOthers()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var stdin = new byte[8 << 20];
        var unread = sandbox.Start(ExecRequest.ForCommand("echo started; sleep 20")
            with { Stdin = stdin, Limits = sandbox.Limits with { Timeout = TimeSpan.FromSeconds(20) } });
        await WaitForOutputAsync(unread, "started");
        var closed = sandbox.RunAsync(ExecRequest.ForCommand("exec 0<&-; echo closed") with { Stdin = stdin }, TestContext.Current.CancellationToken);
        var partly = sandbox.RunAsync(ExecRequest.ForCommand("head -c 100000 | wc -c") with { Stdin = stdin }, TestContext.Current.CancellationToken);

        await using var other = Engine.CreateEphemeral();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var meanwhile = await other.Bash("echo meanwhile");

        Assert.Equal("meanwhile\n", meanwhile.Stdout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal("closed\n", (await closed).Stdout);
        Assert.Equal("100000\n", (await partly).Stdout);
        unread.Kill();
        Assert.Equal(ExitReason.Cancelled, (await unread.Completion.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Reason);
        Assert.True(Engine.ForkServerReady);
    }

    /// <summary>Killing everything it can reach, or exhausting processes, touches neither the shared server nor another execution.</summary>
    [Fact]
    public async Task KillingAndForkBombing_LeaveTheServerAndOtherExecutionsAlone()
    {
        var server = Engine.ForkServerProcessId;
        await using var victim = Engine.CreateEphemeral();
        var running = victim.Start(ExecRequest.ForCommand("echo started; sleep 2; echo survived")
            with { Limits = victim.Limits with { Timeout = TimeSpan.FromSeconds(20) } });
        await WaitForOutputAsync(running, "started");
        await using var attacker = Engine.CreateEphemeral();

        await attacker.Bash("""
            kill -9 -1 1 2>/dev/null
            for i in $(seq 2 4000); do kill -9 $i 2>/dev/null; done
            bomb() { bomb | bomb & }; (bomb) 2>/dev/null &
            sleep 0.5; kill -9 -1 2>/dev/null; echo done
            """, attacker.Limits with { Timeout = TimeSpan.FromSeconds(5) });

        var result = await running.Completion.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(server, Engine.ForkServerProcessId);
        Assert.True(Engine.ForkServerReady);
        Assert.Equal("again\n", (await attacker.Bash("echo again")).Stdout);
    }

    [Fact]
    public async Task TheNetwork_IsOnlyAPrivateLoopback()
    {
        await using var sandbox = Engine.CreateEphemeral();

        var run = await sandbox.Python("""
            import errno, socket
            print(sorted(line.split(":")[0].strip() for line in open("/proc/net/dev").read().splitlines()[2:]))
            print(len(open("/proc/net/route").read().splitlines()))
            for address in ("10.0.0.1", "1.1.1.1", "169.254.169.254"):
                try:
                    socket.create_connection((address, 80), timeout=1)
                    print("connected", address)
                except OSError as error:
                    print(errno.errorcode.get(error.errno, error))
            """);

        Assert.Equal("['lo']\n1\nENETUNREACH\nENETUNREACH\nENETUNREACH\n", run.Stdout);
    }

    private static string Base64Prefix(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text))[..(text.Length / 3 * 4)];

    private static async Task<string> Collect(SandboxProcess process)
    {
        var text = new StringBuilder();
        await foreach (var item in process.ReadEventsAsync(TestContext.Current.CancellationToken))
        {
            if (item is ExecOutput output)
                text.Append(output.Text);
        }
        return text.ToString();
    }

    private static async Task WaitForOutputAsync(SandboxProcess process, string text)
    {
        var seen = "";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var item in process.ReadEventsAsync(timeout.Token))
        {
            if (item is ExecOutput output && (seen += output.Text).Contains(text, StringComparison.Ordinal))
                return;
        }
        throw new InvalidOperationException($"The process ended without printing {text}: {seen}");
    }
}
