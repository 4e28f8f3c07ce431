namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>
/// The seccomp filter: calls that widen the kernel's attack surface fail with a clean errno, and everything a
/// sandboxed program ordinarily does still works under it.
/// </summary>
public abstract class SeccompTests(SandboxEngineFixture fixture)
{
    private SandboxEngine Engine => fixture.Engine;

    [Fact]
    public async Task EveryProcess_RunsUnderTheFilter()
    {
        Assert.True(Engine.SeccompFilter);
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Bash("grep -E '^Seccomp:' /proc/self/status /proc/1/status; ls /proc/self/fd");
        Assert.Contains("/proc/self/status:Seccomp:\t2", run.Stdout);
        Assert.Contains("/proc/1/status:Seccomp:\t2", run.Stdout);
    }

    [Theory]
    [InlineData("keyctl", "libc.syscall(nr('keyctl'), 0, -4, 0)")]
    [InlineData("add_key", "libc.syscall(nr('add_key'), b'user', b'stolen', b'secret', 6, -4)")]
    [InlineData("bpf", "libc.syscall(nr('bpf'), 0, None, 0)")]
    [InlineData("io_uring_setup", "libc.syscall(nr('io_uring_setup'), 8, ctypes.create_string_buffer(120))")]
    [InlineData("userfaultfd", "libc.syscall(nr('userfaultfd'), 0)")]
    [InlineData("perf_event_open", "libc.syscall(nr('perf_event_open'), ctypes.create_string_buffer(128), 0, -1, -1, 0)")]
    [InlineData("ptrace", "libc.ptrace(0, 0, None, None)")]
    [InlineData("unshare(CLONE_NEWNET)", "libc.unshare(0x40000000)")]
    [InlineData("clone(CLONE_NEWUSER)", "libc.syscall(nr('clone'), 0x10000000 | 17, 0, 0, 0, 0)")]
    [InlineData("mount", "libc.mount(b'none', b'/tmp', b'tmpfs', 0, None)")]
    [InlineData("open_tree", "libc.syscall(nr('open_tree'), -100, b'/', 1)")]
    [InlineData("open_tree_attr", "libc.syscall(nr('open_tree_attr'), -100, b'/', 0, None, 0)")]
    [InlineData("listmount", "libc.syscall(nr('listmount'), ctypes.create_string_buffer(32), ctypes.create_string_buffer(64), 8, 0)")]
    [InlineData("statmount", "libc.syscall(nr('statmount'), ctypes.create_string_buffer(32), ctypes.create_string_buffer(512), 512, 0)")]
    [InlineData("personality(ADDR_NO_RANDOMIZE)", "libc.personality(0x0040000)")]
    [InlineData("name_to_handle_at", "libc.syscall(nr('name_to_handle_at'), -100, b'/', ctypes.create_string_buffer(136), ctypes.byref(ctypes.c_int()), 0)")]
    public async Task RefusedCall_FailsWithEperm(string call, string expression)
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Python(Prelude + $"r = {expression}\nprint('{call}', r, ctypes.get_errno())");
        Assert.Equal($"{call} -1 1\n", run.Stdout);
        Assert.True(run.Result.Success, run.Stderr);
    }

    [Fact]
    public async Task Personality_QueriesAndLinuxPersonas_AreAllowed()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Python(Prelude + "print(libc.personality(0xffffffff), libc.personality(0), libc.personality(0x20000), libc.personality(0))");
        Assert.Equal("0 0 0 131072\n", run.Stdout);
    }

    [Fact]
    public async Task Clone3_AnswersEnosys_SoThreadsAndChildrenFallBackToClone()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Python(Prelude + """
            import threading, subprocess
            print("clone3", libc.syscall(nr("clone3"), None, 0), ctypes.get_errno())
            out = []
            threads = [threading.Thread(target=lambda: out.append(1)) for _ in range(8)]
            [t.start() for t in threads]; [t.join() for t in threads]
            print("threads", len(out))
            print(subprocess.run(["echo", "child"], capture_output=True, text=True).stdout.strip())
            """);
        Assert.Equal("clone3 -1 38\nthreads 8\nchild\n", run.Stdout);
    }

    [Fact]
    public async Task ForeignAbiCalls_AreRefused()
    {
        await using var sandbox = Engine.CreateEphemeral();
        // x32 calls (bit 30 set) would be a second syscall table for the filter to get wrong; aarch64 has no such ABI.
        var run = await sandbox.Python(Prelude + """
            if platform.machine() == "x86_64":
                print("x32 getpid", libc.syscall(0x40000000 | 39), ctypes.get_errno())
            else:
                print("x32 getpid -1 1")
            """);
        Assert.Equal("x32 getpid -1 1\n", run.Stdout);
    }

    [Fact]
    public async Task SocketFamilies_BeyondUnixInetAndNetlink_AreNotSupported()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Python("""
            import socket
            for name, family, kind in [("unix", 1, 2), ("inet", 2, 2), ("inet6", 10, 2), ("netlink", 16, 2),
                                       ("packet", 17, 2), ("alg", 38, 5), ("vsock", 40, 1), ("key", 15, 3)]:
                try:
                    socket.socket(family, kind).close(); print(name, "ok")
                except OSError as e:
                    print(name, e.errno)
            """);
        Assert.Equal("unix ok\ninet ok\ninet6 ok\nnetlink ok\npacket 97\nalg 97\nvsock 97\nkey 97\n", run.Stdout);
    }

    [Fact]
    public async Task TerminalInjection_WithTiocsti_IsRefused_EvenOnItsOwnPty()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Python(Prelude + """
            import os, pty, fcntl, termios
            try:
                os.open("/dev/tty", os.O_RDWR); print("controlling terminal")
            except OSError as e:
                print("no controlling terminal", e.errno)
            leader, follower = pty.openpty()
            try:
                fcntl.ioctl(follower, termios.TIOCSTI, b"x"); print("injected")
            except OSError as e:
                print("TIOCSTI", e.errno)
            # The kernel reads the request as 32 bits: high bits must not smuggle TIOCSTI past the filter.
            print("TIOCSTI high bits", libc.ioctl(follower, ctypes.c_ulong(0x1_0000_0000 | termios.TIOCSTI), ctypes.c_char_p(b"x")), ctypes.get_errno())
            print("TIOCGWINSZ", len(fcntl.ioctl(follower, termios.TIOCGWINSZ, b"\0" * 8)))
            """);
        Assert.Equal("no controlling terminal 6\nTIOCSTI 1\nTIOCSTI high bits -1 1\nTIOCGWINSZ 8\n", run.Stdout);
    }

    [Fact]
    public async Task Runtimes_AndTheirUsualMachinery_StillWork()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var python = await sandbox.Python("""
            import multiprocessing, asyncio, numpy, pandas, socket
            with multiprocessing.Pool(2) as pool: print(pool.map(abs, [-1, -2]))
            print(asyncio.run(asyncio.sleep(0, "async")))
            print(int(numpy.arange(10).sum()), len(pandas.DataFrame({"a": [1, 2]})))
            a, b = socket.socketpair(); a.send(b"pair"); print(b.recv(4).decode())
            """);
        Assert.Equal("[1, 2]\nasync\n45 2\npair\n", python.Stdout);
        var node = await sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.JavaScript, """
            const { Worker } = require("worker_threads");
            const fs = require("fs/promises");
            (async () => {
              await fs.writeFile("/tmp/n.txt", "node");
              console.log(await fs.readFile("/tmp/n.txt", "utf8"));
              await new Promise(done => new Worker("1", { eval: true }).on("exit", done));
              console.log(require("child_process").execSync("echo child").toString().trim());
            })();
            """), TestContext.Current.CancellationToken);
        Assert.Equal("node\nchild\n", node.Stdout + node.Stderr);
        var bash = await sandbox.Bash("seq 1 1000 | sort -rn | head -1 | tr 0 x; (sleep 0.01 &); wait");
        Assert.Equal("1xxx\n", bash.Stdout);
    }

    [Fact]
    public async Task TurnedOff_TheFilterIsAbsent_AndSandboxesStillRun()
    {
        await using var withoutFilter = SandboxEngineFixture.With(options => options.SeccompFilter = false);
        Assert.False(withoutFilter.Engine.SeccompFilter);
        await using var sandbox = withoutFilter.Engine.CreateEphemeral();
        var run = await sandbox.Bash("grep '^Seccomp:' /proc/self/status");
        Assert.Equal("Seccomp:\t0\n", run.Stdout);
    }

    private const string Prelude = """
        import ctypes, platform
        libc = ctypes.CDLL(None, use_errno=True)
        _numbers = {
            "x86_64": {"keyctl": 250, "add_key": 248, "bpf": 321, "io_uring_setup": 425, "userfaultfd": 323,
                       "perf_event_open": 298, "open_tree": 428, "name_to_handle_at": 303, "clone3": 435, "clone": 56,
                       "open_tree_attr": 467, "listmount": 458, "statmount": 457},
            "aarch64": {"keyctl": 219, "add_key": 217, "bpf": 280, "io_uring_setup": 425, "userfaultfd": 282,
                        "perf_event_open": 241, "open_tree": 428, "name_to_handle_at": 264, "clone3": 435, "clone": 220,
                        "open_tree_attr": 467, "listmount": 458, "statmount": 457},
        }[platform.machine()]
        nr = _numbers.__getitem__

        """;
}

/// <summary>The same, each execution forked by the engine's fork server.</summary>
public sealed class SeccompTestsWhenForked(ForkingEngineFixture fixture) : SeccompTests(fixture), IClassFixture<ForkingEngineFixture>;

/// <summary>The same, each execution with a launcher chain of its own.</summary>
public sealed class SeccompTestsWhenLaunched(LaunchingEngineFixture fixture) : SeccompTests(fixture), IClassFixture<LaunchingEngineFixture>;
