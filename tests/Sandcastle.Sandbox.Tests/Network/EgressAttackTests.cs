using Sandcastle.Testing;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Sandcastle.Sandbox.Network;

namespace Sandcastle.Sandbox.Tests.Network;

/// <summary>
/// Attacks on the way out, from inside a sandbox whose policy allows the whole public internet (<c>*</c>). The
/// loopback server listens on the host all along: an attack that got through would read its greeting.
/// </summary>
public abstract class EgressAttackTests(NetworkEngineFixture fixture)
{
    private static readonly NetworkPolicy Everything = NetworkPolicy.Parse(["*"]);

    /// <summary>Sends each raw request to the proxy and prints, per line, the status line it got back.</summary>
    private const string RawProxyClient = """
        import json, socket, sys
        for request in json.load(sys.stdin):
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
            s.sendall(request.encode("latin-1"))
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            s.close()
            print(repr(request.split("\r\n")[0]), "->", data.split(b"\r\n")[0].decode(), "|", "hello from loopback" in data.decode("latin-1"))
        """;

    private async Task<string> SendRawAsync(IEnumerable<string> requests)
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        sandbox.Network = Everything;
        var run = await sandbox.RunAsync(new ExecRequest
        {
            Command = $"python3 -c '{RawProxyClient.Replace("'", "'\\''", StringComparison.Ordinal)}' {fixture.Engine.NetworkOptions.ProxyPort}",
            Stdin = System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(requests)),
        }, TestContext.Current.CancellationToken);
        Assert.True(run.Result.ExitCode == 0, run.Stderr);
        return run.Stdout;
    }

    public static TheoryData<string> LoopbackAndPrivateSpellings() =>
    [
        "127.0.0.1", "127.0.0.1.", "2130706433", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "127.1", "0177.1", "017700000001",
        "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[0:0:0:0:0:ffff:7f00:1]", "[::127.0.0.1]", "[64:ff9b::7f00:1]", "[2002:7f00:1::]",
        "0.0.0.0", "0", "[::]", "10.0.0.1", "012.0.0.1", "172.16.0.1", "192.168.1.1", "100.64.0.1", "169.254.169.254", "0xa9fea9fe",
        "[fd00::1]", "[fe80::1]", "224.0.0.1", "255.255.255.255", "[ff02::1]",
    ];

    [Theory]
    [MemberData(nameof(LoopbackAndPrivateSpellings))]
    public async Task ConnectToANonPublicAddress_InAnySpelling_IsRefused(string host)
    {
        var port = fixture.Server.Port;
        var before = fixture.Server.Requests;
        var output = await SendRawAsync([$"CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\nGET / HTTP/1.1\r\n\r\n",
            $"GET http://{host}:{port}/ HTTP/1.1\r\n\r\n"]);
        Assert.DoesNotContain("True", output);
        Assert.Equal(2, output.Split("HTTP/1.1 403 Forbidden by Sandcastle network policy").Length - 1);
        Assert.Equal(before, fixture.Server.Requests);
    }

    [Fact]
    public async Task TheServersOwnInterfaceAddresses_AreRefused()
    {
        var own = NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address).Where(a => !IPAddress.IsLoopback(a) && a.AddressFamily == AddressFamily.InterNetwork).ToList();
        Assert.NotEmpty(own);
        var output = await SendRawAsync(own.Select(a => $"CONNECT {a}:{fixture.Server.Port} HTTP/1.1\r\n\r\n"));
        Assert.Equal(own.Count, output.Split("403 Forbidden").Length - 1);
    }

    [Fact]
    public async Task AnAllowedNameResolvingToLoopback_IsRefused()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        sandbox.Network = NetworkPolicy.Parse(["rebind.test"]);
        var run = await sandbox.Bash($"curl -sS -i http://rebind.test:{fixture.Server.Port}/; curl -sS -p http://rebind.test:{fixture.Server.Port}/ 2>&1");
        Assert.Contains($"rebind.test resolves to 127.0.0.1, a loopback address", run.Stdout);
        Assert.DoesNotContain("hello from loopback", run.Stdout);
    }

    [Fact]
    public async Task TheOperatorsPrivateTarget_OpensOnlyItsOwnNameAndPort()
    {
        var port = fixture.Server.Port;
        var output = await SendRawAsync([
            $"GET http://pkgs.test:{port}/ HTTP/1.1\r\n\r\n",
            $"GET http://pkgs.test:{port + 1}/ HTTP/1.1\r\n\r\n",
            $"GET http://127.0.0.1:{port}/ HTTP/1.1\r\nHost: pkgs.test:{port}\r\n\r\n",
        ]);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("200 OK | True", lines[0]);
        Assert.Contains("403 Forbidden", lines[1]);
        Assert.Contains("403 Forbidden", lines[2]);
    }

    [Fact]
    public async Task HeaderAndUriTricks_AreRefused_AndNeverForwarded()
    {
        var port = fixture.Server.Port;
        var before = fixture.Server.Requests;
        var output = await SendRawAsync([
            // The target lives in the request line only: a Host header naming an allowed target changes nothing.
            $"GET / HTTP/1.1\r\nHost: pkgs.test:{port}\r\n\r\n",
            $"GET http://pkgs.test:{port}@127.0.0.1:{port}/ HTTP/1.1\r\n\r\n",
            $"GET http://user:pw@pkgs.test:{port}/ HTTP/1.1\r\n\r\n",
            $"GET http://127.0.0.1:{port}/ HTTP/1.1\r\nHost: pkgs.test:{port}\r\n\r\n",
            $"GET http://pkgs.test:{port}\\@127.0.0.1/ HTTP/1.1\r\n\r\n",
            $"CONNECT pkgs.test:{port}:80 HTTP/1.1\r\n\r\n",
            $"CONNECT [::1]:{port} HTTP/1.1\r\n\r\n",
            $"CONNECT ::1:{port} HTTP/1.1\r\n\r\n",
            $"CONNECT 127.0.0.1%00.pkgs.test:{port} HTTP/1.1\r\n\r\n",
            $"GET http://pkgs.test:{port}/ HTTP/1.1\r\nX-A: b\r\n folded: in\r\n\r\n",
            $"GET http://pkgs.test:{port}/ HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
            $"GET https://pkgs.test:{port}/ HTTP/1.1\r\n\r\n",
            $"GET  http://pkgs.test:{port}/ HTTP/1.1\r\n\r\n",
            "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003\r\n\r\n",
        ]);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(14, lines.Length);
        Assert.All(lines, line => Assert.Matches(@"-> HTTP/1\.1 (400|403) .* \| False$", line));
        Assert.Equal(before, fixture.Server.Requests);
    }

    [Fact]
    public async Task DirectTcpAndUdp_ToTheHostsLoopbackAndInterfaces_GoNowhere()
    {
        var own = NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address).Where(a => a.AddressFamily == AddressFamily.InterNetwork).Select(a => a.ToString()).ToList();
        await using var sandbox = fixture.Engine.CreateEphemeral();
        sandbox.Network = Everything;
        var run = await sandbox.Python($$"""
            import socket
            for host in {{System.Text.Json.JsonSerializer.Serialize(own)}} + ["10.0.0.1", "169.254.169.254"]:
                try:
                    s = socket.create_connection((host, {{fixture.Server.Port}}), timeout=3)
                    print("tcp", host, "connected", s.recv(100))
                except OSError as e:
                    print("tcp", host, "refused", type(e).__name__)
                u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                try:
                    u.sendto(b"x", (host, 53))
                    print("udp", host, "sent")
                except OSError as e:
                    print("udp", host, "refused", type(e).__name__)
            """);
        Assert.DoesNotContain("connected", run.Stdout);
        Assert.Contains("tcp 127.0.0.1 refused", run.Stdout);
        // Loopback is the sandbox's own; anything else has no route at all.
        Assert.All(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains(" 127.0.0.1 ", StringComparison.Ordinal)),
            line => Assert.Contains("refused", line));
    }
}

public sealed class EgressAttackTestsWhenForked(ForkingNetworkEngineFixture fixture) : EgressAttackTests(fixture), IClassFixture<ForkingNetworkEngineFixture>;

public sealed class EgressAttackTestsWhenLaunched(LaunchingNetworkEngineFixture fixture) : EgressAttackTests(fixture), IClassFixture<LaunchingNetworkEngineFixture>;
