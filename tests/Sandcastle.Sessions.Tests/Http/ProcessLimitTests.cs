using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sandcastle.Sessions.Tests.Http;

/// <summary>
/// Background processes are counted: per sandbox, against the tenant's execution permits while they run, with a
/// lifetime, and with their logs in a ring. One tenant filling its share leaves another's untouched.
/// </summary>
public sealed class ProcessLimitTests(ProcessLimitTests.LimitedServer fixture) : IClassFixture<ProcessLimitTests.LimitedServer>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Processes_are_capped_per_sandbox_and_per_tenant_and_end_at_their_lifetime()
    {
        var alice = fixture.Alice;
        await alice.PutAsync("/v1/sandboxes/caps-a", null, _ct);
        await alice.PutAsync("/v1/sandboxes/caps-b", null, _ct);
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync("/v1/sandboxes/caps-a/processes", new { command = "sleep 600", processId = "p1" }, _ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync("/v1/sandboxes/caps-a/processes", new { command = "sleep 600", processId = "p2" }, _ct)).StatusCode);
        await SandboxesApiTests.AssertError(await alice.PostAsJsonAsync("/v1/sandboxes/caps-a/processes", new { command = "sleep 600" }, _ct), HttpStatusCode.Conflict, "conflict");

        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync("/v1/sandboxes/caps-b/processes", new { command = "sleep 600", processId = "q1" }, _ct)).StatusCode);
        // Three running processes hold the tenant's three permits: no fourth, and no exec either.
        await SandboxesApiTests.AssertError(await alice.PostAsJsonAsync("/v1/sandboxes/caps-b/processes", new { command = "sleep 600" }, _ct), HttpStatusCode.TooManyRequests, "too_many_requests");
        await SandboxesApiTests.AssertError(await alice.PostAsJsonAsync("/v1/sandboxes/caps-b/exec", new { command = "echo 1" }, _ct), HttpStatusCode.TooManyRequests, "too_many_requests");

        await fixture.Bob.PutAsync("/v1/sandboxes/caps-bob", null, _ct);
        var bobs = await (await fixture.Bob.PostAsJsonAsync("/v1/sandboxes/caps-bob/exec", new { command = "echo 1" }, _ct)).Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Equal("1\n", bobs.GetProperty("stdout").GetString());

        // Past their lifetime the processes are stopped and their permits come back.
        var watch = Stopwatch.StartNew();
        JsonElement p1;
        while ((p1 = await alice.GetFromJsonAsync<JsonElement>("/v1/sandboxes/caps-a/processes/p1", _ct)).GetProperty("status").GetString() == "running")
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "p1 outlived its lifetime");
            await Task.Delay(200, _ct);
        }
        Assert.Equal("timeout", p1.GetProperty("reason").GetString());
        await WaitUntilAsync(async () => (await alice.PostAsJsonAsync("/v1/sandboxes/caps-b/exec", new { command = "echo 1" }, _ct)).StatusCode == HttpStatusCode.OK);
        // A finished process makes room for a new one in its sandbox.
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync("/v1/sandboxes/caps-a/processes", new { command = "true", processId = "p3" }, _ct)).StatusCode);
    }

    [Fact]
    public async Task A_process_printing_far_past_the_output_cap_keeps_running_and_its_log_is_a_ring()
    {
        var bob = fixture.Bob;
        await bob.PutAsync("/v1/sandboxes/ring", null, _ct);
        var start = await bob.PostAsJsonAsync("/v1/sandboxes/ring/processes", new { command = "head -c 12000000 /dev/zero | tr '\\0' x; echo; echo the-end", processId = "loud" }, _ct);
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);

        JsonElement process;
        var watch = Stopwatch.StartNew();
        while ((process = await bob.GetFromJsonAsync<JsonElement>("/v1/sandboxes/ring/processes/loud", _ct)).GetProperty("status").GetString() == "running")
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "the loud process never ended");
            await Task.Delay(200, _ct);
        }
        Assert.Equal("completed", process.GetProperty("status").GetString());
        var logs = await bob.GetFromJsonAsync<JsonElement>("/v1/sandboxes/ring/processes/loud/logs", _ct);
        var stdout = logs.GetProperty("stdout").GetString()!;
        Assert.EndsWith("the-end\n", stdout, StringComparison.Ordinal);
        Assert.InRange(stdout.Length, 1, LimitedServer.LogChars);
        Assert.InRange(logs.GetProperty("droppedChars").GetInt64(), 12_000_000 - LimitedServer.LogChars, 12_000_010);
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "the condition never held");
            await Task.Delay(200, _ct);
        }
    }

    /// <summary>Two tenants, three permits each, two processes a sandbox living 5 s, 64 Ki characters of log.</summary>
    public sealed class LimitedServer : IAsyncLifetime
    {
        public const int LogChars = 65_536;

        private readonly string _dataRoot = Directory.CreateTempSubdirectory("sandcastle-sessions-").FullName;
        private SandboxServer _server = null!;

        public HttpClient Alice { get; private set; } = null!;

        public HttpClient Bob { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            _server = await SandboxServer.StartAsync(_dataRoot, new Dictionary<string, string?>
            {
                ["SANDCASTLE_API_KEYS"] = "key-alice,key-bob",
                ["Tenancy:MaxConcurrentExecutions"] = "3",
                ["Sessions:MaxProcessesPerSandbox"] = "2",
                ["Sessions:MaxProcessLifetime"] = "00:00:05",
                ["Sessions:ProcessLogChars"] = LogChars.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            Alice = _server.CreateClient("key-alice");
            Bob = _server.CreateClient("key-bob");
        }

        public async ValueTask DisposeAsync()
        {
            Alice.Dispose();
            Bob.Dispose();
            await _server.DisposeAsync();
            Directory.Delete(_dataRoot, recursive: true);
        }
    }
}
