using Sandcastle.Testing;
using Sandcastle.Sandbox.Network;

namespace Sandcastle.Sandbox.Tests.Network;

/// <summary>
/// A sandbox with an allow-list reaches what it allows through the proxy on its own loopback, with ordinary
/// clients and no set-up of its own; anything else gets the proxy's 403, which says why.
/// </summary>
public abstract class EgressTests(NetworkEngineFixture fixture)
{
    private static readonly NetworkPolicy PackagesOnly = NetworkPolicy.Parse(["pkgs.test"]);

    private Task<CollectedExec> Run(Sandbox sandbox, ExecRequest request) =>
        sandbox.RunAsync(request, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Curl_ReachesAnAllowedName_ThroughTheProxy()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        sandbox.Network = PackagesOnly;
        var run = await sandbox.Bash($"curl -sS http://pkgs.test:{fixture.Server.Port}/simple/ && curl -sS -p http://pkgs.test:{fixture.Server.Port}/tunnelled");
        Assert.Equal(0, run.Result.ExitCode);
        Assert.Contains("hello from loopback\nGET /simple/ HTTP/1.1\nHost: pkgs.test:", run.Stdout);
        Assert.Contains("GET /tunnelled HTTP/1.1", run.Stdout);
    }

    [Fact]
    public async Task PythonUrllib_ReachesAnAllowedName_ThroughTheProxy()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        var run = await Run(sandbox, ExecRequest.ForCode(SandboxLanguage.Python,
            $"import urllib.request\nprint(urllib.request.urlopen('http://pkgs.test:{fixture.Server.Port}/py').read().decode())")
            with { Network = PackagesOnly });
        Assert.True(run.Result.ExitCode == 0, run.Stderr);
        Assert.Contains("GET /py HTTP/1.1", run.Stdout);
    }

    [Fact]
    public async Task PipInstall_FromAPackageIndexTheOperatorOpened_ThenImport()
    {
        PackageIndex.Publish(fixture.Server);
        await using var sandbox = fixture.Engine.CreateEphemeral();
        sandbox.Network = PackagesOnly;
        var run = await sandbox.Bash(
            $"python3 -m pip install --no-cache-dir --break-system-packages --trusted-host pkgs.test --index-url http://pkgs.test:{fixture.Server.Port}/simple/ --target /workspace/lib {PackageIndex.Project} "
            + "&& PYTHONPATH=/workspace/lib python3 -c 'import sandcastle_demo; print(sandcastle_demo.VALUE)'");
        Assert.True(run.Result.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.EndsWith("installed through the proxy\n", run.Stdout);
    }

    [Fact]
    public async Task AJavaScriptSnippetsFetch_GoesThroughTheProxy_WarmWhenForked()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        sandbox.Network = PackagesOnly;
        await fixture.Engine.WaitForWarmNodeAsync();
        // A warm Node started without NODE_OPTIONS: its bootstrap loads the proxy preload as --require would.
        // (CommonJS: an ES module's top level runs from the loader's own promise, warm or not.)
        var run = await Run(sandbox, ExecRequest.ForCode(SandboxLanguage.JavaScript, $$"""
            console.log("warm", new Error().stack.includes("processTicksAndRejections"), process.env.NODE_OPTIONS.startsWith("--require="));
            fetch("http://pkgs.test:{{fixture.Server.Port}}/warm-fetch").then(response => response.text()).then(console.log);
            """));
        Assert.True(run.Result.ExitCode == 0, run.Stderr);
        Assert.StartsWith($"warm {(fixture.ForkServer ? "true" : "false")} true\n", run.Stdout);
        Assert.Contains("GET /warm-fetch HTTP/1.1", run.Stdout);
    }

    [Fact]
    public async Task RequestsAndNodeFetch_GoThroughTheProxy()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        sandbox.Network = PackagesOnly;
        var url = $"http://pkgs.test:{fixture.Server.Port}";
        var run = await sandbox.Bash(
            $"python3 -c \"import requests; print(requests.get('{url}/requests').text)\" && "
            + $"node -e \"fetch('{url}/fetch').then(r => r.text()).then(t => console.log(t))\"");
        Assert.True(run.Result.ExitCode == 0, run.Stderr);
        Assert.Contains("GET /requests HTTP/1.1", run.Stdout);
        Assert.Contains("GET /fetch HTTP/1.1", run.Stdout);
    }

    [Fact]
    public async Task ANameOffTheAllowList_GetsA403_ThatSaysWhyAndHowToWidenIt()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        sandbox.Network = PackagesOnly;
        var run = await sandbox.Bash($"curl -sS -i http://other.test:{fixture.Server.Port}/; curl -sS -p https://other.test/ 2>&1; echo exit=$?");
        Assert.Contains("HTTP/1.1 403 Forbidden by Sandcastle network policy", run.Stdout);
        Assert.Contains($"other.test:{fixture.Server.Port} is not on this sandbox's allow-list", run.Stdout);
        Assert.Contains("may reach: pkgs.test", run.Stdout);
        Assert.Contains("--allow-net other.test", run.Stdout);
        Assert.Contains("403", run.Stdout[run.Stdout.LastIndexOf("curl", StringComparison.Ordinal)..]);
        Assert.DoesNotContain("exit=0", run.Stdout);
    }

    [Fact]
    public async Task WithoutAPolicy_ThereIsNoProxy_AndNoWayOut()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        var run = await sandbox.Bash(
            $"env | grep -ic proxy; curl -sS --max-time 5 http://127.0.0.1:{fixture.Engine.NetworkOptions.ProxyPort}/ 2>&1; echo exit=$?");
        Assert.StartsWith("0\n", run.Stdout);
        Assert.Contains("exit=7", run.Stdout);
    }

    [Fact]
    public async Task TheConnections_AreLogged_WithTheirOutcome()
    {
        await using var sandbox = fixture.Engine.CreateEphemeral();
        sandbox.Network = PackagesOnly;
        await sandbox.Bash($"curl -sS http://pkgs.test:{fixture.Server.Port}/logged; curl -sS http://other.test/");
        var summary = fixture.Engine.Egress.Log.Summarize(sandbox.Id);
        Assert.Equal(1, summary.Allowed);
        Assert.Equal(1, summary.Refused);
        Assert.Contains(summary.Recent, c => c is { Host: "pkgs.test", Allowed: true, BytesReceived: > 0 });
        Assert.Contains(summary.Recent, c => c is { Host: "other.test", Allowed: false });
    }
}

public sealed class EgressTestsWhenForked(ForkingNetworkEngineFixture fixture) : EgressTests(fixture), IClassFixture<ForkingNetworkEngineFixture>;

public sealed class EgressTestsWhenLaunched(LaunchingNetworkEngineFixture fixture) : EgressTests(fixture), IClassFixture<LaunchingNetworkEngineFixture>;
