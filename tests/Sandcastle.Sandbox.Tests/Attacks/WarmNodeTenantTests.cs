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
}
