namespace Sandcastle.Sandbox.Tests.Attacks;

/// <summary>
/// Warm Node spares belong to a tenant, like plain ones (a Node is born in its tenant's cgroup and is never moved):
/// a tenant whose JavaScript finds none takes a plain spare, and one of the warm places other tenants hold is given
/// to it, so every tenant that runs JavaScript gets warm Nodes of its own.
/// </summary>
public sealed class WarmNodeTenantTests(ForkingEngineFixture fixture) : IClassFixture<ForkingEngineFixture>
{
    private const string WarmMarker = """console.log("warm", new Error().stack.includes("processTicksAndRejections"));""";

    [Fact]
    public async Task EachTenantRunningJavaScript_GetsWarmNodesOfItsOwn()
    {
        foreach (var tenant in new[] { "warm-a", "warm-b", "warm-c" })
        {
            await using var sandbox = fixture.Engine.CreateEphemeral();
            sandbox.Tenant = tenant;
            var runs = new List<string>();
            // Bounded: the first runs may find only other tenants' warm Nodes and start their own.
            for (var attempt = 0; attempt < 15 && !runs.Contains("warm true\n"); attempt++)
            {
                var run = await sandbox.RunAsync(ExecRequest.ForCode(SandboxLanguage.JavaScript, WarmMarker), TestContext.Current.CancellationToken);
                Assert.Equal(0, run.Result.ExitCode);
                runs.Add(run.Stdout);
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }
            Assert.True(runs.Contains("warm true\n"), $"tenant {tenant} never got a warm Node in {runs.Count} runs: {string.Join("", runs)}");
        }
    }

    /// <summary>
    /// A run can tell whether its warm Node was primed for TypeScript (the modules Node has loaded before it), so
    /// priming follows each tenant's own latest run: another tenant's TypeScript never primes this tenant's Nodes.
    /// </summary>
    [Fact]
    public async Task PrimingForTypeScript_FollowsTheTenantsOwnRuns_NotAnotherTenants()
    {
        const string Probe = WarmMarker + "console.log('primed', process.moduleLoadList.includes('NativeModule vm'));";
        const string WarmAndPrimed = "warm true\nprimed true\n";
        var ct = TestContext.Current.CancellationToken;
        await using var typeScriptTenant = fixture.Engine.CreateEphemeral();
        typeScriptTenant.Tenant = "prime-ts";
        await using var otherTenant = fixture.Engine.CreateEphemeral();
        otherTenant.Tenant = "prime-other";
        var others = new List<string>();
        var ownPrimed = false;
        // Rounds, not a first sighting: warm places move between the two tenants as each asks for them.
        for (var round = 0; round < 8; round++)
        {
            // Together: the other tenant's next warm Node is warmed while the latest warm run is TypeScript.
            var other = otherTenant.RunAsync(ExecRequest.ForCode(SandboxLanguage.JavaScript, Probe), ct);
            var typeScript = typeScriptTenant.RunAsync(ExecRequest.ForCode(SandboxLanguage.TypeScript, "const n: number = 1; console.log(n);"), ct);
            others.Add((await other).Stdout);
            Assert.Equal("1\n", (await typeScript).Stdout + (await typeScript).Stderr);
            await Task.Delay(300, ct);
            // The TypeScript tenant's own Nodes warmed after its TypeScript are primed: the probe sees priming at all.
            ownPrimed |= (await typeScriptTenant.RunAsync(ExecRequest.ForCode(SandboxLanguage.JavaScript, Probe), ct)).Stdout == WarmAndPrimed;
            await Task.Delay(300, ct);
        }
        Assert.True(ownPrimed, "the TypeScript tenant's warm Nodes were never primed: the probe proves nothing");
        Assert.Contains("warm true\nprimed false\n", others);
        Assert.DoesNotContain(WarmAndPrimed, others);
    }
}
