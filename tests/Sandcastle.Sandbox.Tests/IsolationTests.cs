using System.Net;
using System.Net.Sockets;

namespace Sandcastle.Sandbox.Tests;

/// <summary>Attacks on the isolation: each must fail.</summary>
public abstract class IsolationTests(SandboxEngineFixture fixture)
{
    private SandboxEngine Engine => fixture.Engine;

    [Theory]
    [InlineData("cat /etc/shadow")]
    [InlineData("ls /root")]
    [InlineData("ls /home")]
    [InlineData("cat /proc/1/environ | tr '\\0' '\\n' | grep -i dotnet")]
    public async Task HostFiles_AreNotReadable(string command)
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Bash(command);
        Assert.NotEqual(0, run.Result.ExitCode);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task DataRoot_AndAnotherSandboxesWorkspace_AreInvisible()
    {
        var victim = Engine.GetOrCreate($"victim-{Guid.NewGuid():N}"[..20]);
        await victim.Bash("echo top-secret > secret.txt");
        await using var attacker = Engine.CreateEphemeral();
        var run = await attacker.Bash(
            $"cat {victim.WorkspacePath}/secret.txt; ls {fixture.DataRoot}; ls /workspace/..; grep -r top-secret / 2>/dev/null | head -1");
        Assert.DoesNotContain("top-secret", run.Stdout);
        Assert.DoesNotContain(victim.Id, run.Stdout);
        await Engine.DestroyAsync(victim.Id, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Usr_AndRoot_AreReadOnly()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Bash("touch /usr/pwned; echo $?; touch /pwned; echo $?; touch /etc/pwned; echo $?");
        Assert.Equal(["1", "1", "1"], run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Read-only file system", run.Stderr);
        Assert.False(File.Exists("/usr/pwned"));
    }

    [Fact]
    public async Task Runs_AsUnprivilegedUid_WithNoCapabilities_AndNoNewPrivs()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Bash("id -u; grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status");
        Assert.Contains("10001", run.Stdout);
        Assert.Contains("CapEff:\t0000000000000000", run.Stdout);
        Assert.Contains("CapBnd:\t0000000000000000", run.Stdout);
        Assert.Contains("NoNewPrivs:\t1", run.Stdout);
    }

    [Fact]
    public async Task HostProcesses_AreInvisible_AndCannotBeKilled()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Bash($"ls /proc | grep -E '^[0-9]+$' | wc -l; cat /proc/*/cmdline 2>/dev/null | tr '\\0' ' '; echo; kill -9 {Environment.ProcessId}; echo kill=$?");
        var lines = run.Stdout.Split('\n');
        Assert.True(int.Parse(lines[0]) < 10, $"saw {lines[0]} processes");
        Assert.DoesNotContain("dotnet", run.Stdout);
        Assert.DoesNotContain("testhost", run.Stdout);
        Assert.Contains("kill=1", run.Stdout);
    }

    [Fact]
    public async Task Unshare_Mount_AndPtrace_AreRefused()
    {
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Python($$"""
            import ctypes, subprocess
            libc = ctypes.CDLL(None, use_errno=True)
            print("unshare", subprocess.run(["unshare", "-r", "true"], capture_output=True).returncode)
            print("unshare-net", subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode)
            print("mount", subprocess.run(["mount", "-t", "tmpfs", "none", "/tmp"], capture_output=True).returncode)
            PTRACE_ATTACH = 16
            print("ptrace-host", libc.ptrace(PTRACE_ATTACH, {{Environment.ProcessId}}, None, None))
            print("chroot", libc.chroot(b"/tmp"))
            """);
        Assert.Contains("unshare 1", run.Stdout);
        Assert.Contains("unshare-net 1", run.Stdout);
        Assert.DoesNotContain("mount 0", run.Stdout);
        Assert.Contains("ptrace-host -1", run.Stdout);
        Assert.Contains("chroot -1", run.Stdout);
    }

    [Fact]
    public async Task Network_IsUnreachable_OverTcpUdpAndDns()
    {
        using var tcp = new TcpListener(IPAddress.Loopback, 0);
        tcp.Start();
        var tcpPort = ((IPEndPoint)tcp.LocalEndpoint).Port;
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var udpPort = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
        await using var sandbox = Engine.CreateEphemeral();
        var run = await sandbox.Python($$"""
            import socket
            try:
                socket.create_connection(("127.0.0.1", {{tcpPort}}), timeout=2); print("tcp connected")
            except OSError as e: print("tcp failed", e.errno)
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.sendto(b"leak", ("127.0.0.1", {{udpPort}})); print("udp sent in own namespace")
            try:
                socket.getaddrinfo("example.com", 80); print("dns resolved")
            except OSError as e: print("dns failed")
            print(sorted(l.split(":")[0].strip() for l in open("/proc/net/dev").readlines()[2:]))
            """);
        Assert.Contains("tcp failed", run.Stdout);
        Assert.Contains("dns failed", run.Stdout);
        Assert.Contains("['lo']", run.Stdout);
        Assert.False(tcp.Pending());
        Assert.Equal(0, udp.Available);
    }
}

/// <summary>The same, each execution forked by the engine's fork server.</summary>
public sealed class IsolationTestsWhenForked(ForkingEngineFixture fixture) : IsolationTests(fixture), IClassFixture<ForkingEngineFixture>;

/// <summary>The same, each execution with a launcher chain of its own.</summary>
public sealed class IsolationTestsWhenLaunched(LaunchingEngineFixture fixture) : IsolationTests(fixture), IClassFixture<LaunchingEngineFixture>;
