using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandcastle.Testing;

namespace Sandcastle.Sessions.Tests.Http;

/// <summary>
/// While one tenant floods a code context, floods a background process's log, reads a huge file as JSON and pins
/// socket buffers, another tenant's <c>echo 1</c> keeps answering quickly, its context keeps its state, its
/// background process keeps running, and the server's heap stays under the bound the docs state.
/// </summary>
[Collection(HeapMeasuredCollection.Name)]
public sealed class NoisyNeighbourTests
{
    /// <summary>The server's heap growth allowed during the attacks (README, "How code is isolated").</summary>
    private const long HeapBound = 512L * 1024 * 1024;

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_neighbours_attacks_leave_a_tenants_exec_context_and_process_working()
    {
        var dataRoot = Directory.CreateTempSubdirectory("sandcastle-sessions-").FullName;
        try
        {
            await using var server = await SandboxServer.StartAsync(dataRoot, new Dictionary<string, string?> { ["SANDCASTLE_API_KEYS"] = "key-mallory,key-victim" });
            using var mallory = server.CreateClient("key-mallory");
            using var victim = server.CreateClient("key-victim");
            await victim.PutAsync("/v1/sandboxes/victim", null, _ct);
            var context = await CreateContextAsync(victim, "victim");
            await RunCellAsync(victim, "victim", context, "x = 41");
            await victim.PostAsJsonAsync("/v1/sandboxes/victim/processes", new { command = "while true; do echo tick; sleep 0.2; done", processId = "ticker" }, _ct);
            await mallory.PutAsync("/v1/sandboxes/attack", null, _ct);
            var attackContext = await CreateContextAsync(mallory, "attack");
            await mallory.PostAsJsonAsync("/v1/sandboxes/attack/exec", new { command = "head -c 100000000 /dev/zero | tr '\\0' a > huge.txt" }, _ct);

            await using var heap = new HeapPeak();
            var attacks = Task.WhenAll(
                mallory.PostAsJsonAsync($"/v1/sandboxes/attack/contexts/{attackContext}/run", new { code = "s = 'x' * (1 << 20)\nfor i in range(300):\n    display(s)\n" }, _ct),
                mallory.PostAsJsonAsync("/v1/sandboxes/attack/processes", new { command = "head -c 100000000 /dev/zero | tr '\\0' y" }, _ct),
                Task.WhenAll(Enumerable.Range(0, 4).Select(_ => mallory.GetAsync("/v1/sandboxes/attack/files/huge.txt?format=json", _ct))),
                mallory.PostAsJsonAsync("/v1/sandboxes/attack/exec", new
                {
                    command = "python3 -c \"import socket\ns=socket.socket();s.bind(('127.0.0.1',0));s.listen(512);h=[]\nfor i in range(150):\n c=socket.create_connection(s.getsockname());p,_=s.accept();c.setblocking(False);h+=[c,p]\n while True:\n  try: c.send(b'x'*65536)\n  except OSError: break\n\"",
                }, _ct));

            var latencies = new List<TimeSpan>();
            while (!attacks.IsCompleted || latencies.Count < 20)
            {
                var watch = Stopwatch.StartNew();
                var echo = await (await victim.PostAsJsonAsync("/v1/sandboxes/victim/exec", new { command = "echo 1" }, _ct)).Content.ReadFromJsonAsync<JsonElement>(_ct);
                latencies.Add(watch.Elapsed);
                Assert.Equal("1\n", echo.GetProperty("stdout").GetString());
            }
            await attacks;
            var growth = heap.GrowthBytes;

            latencies.Sort();
            var p99 = latencies[(int)Math.Ceiling(latencies.Count * 0.99) - 1];
            TestContext.Current.TestOutputHelper?.WriteLine($"victim echo: {latencies.Count} runs, p50 {latencies[latencies.Count / 2].TotalMilliseconds:0} ms, p99 {p99.TotalMilliseconds:0} ms; server heap +{growth / (1024 * 1024)} MiB");
            Assert.True(p99 < TimeSpan.FromSeconds(1), $"the victim's echo took {p99.TotalMilliseconds:0} ms at p99");
            Assert.True(growth < HeapBound, $"the server's heap grew by {growth / (1024 * 1024)} MiB");
            Assert.Equal("42", (await RunCellAsync(victim, "victim", context, "x + 1")).GetProperty("results")[0].GetProperty("text/plain").GetString());
            var ticker = await victim.GetFromJsonAsync<JsonElement>("/v1/sandboxes/victim/processes/ticker", _ct);
            Assert.Equal("running", ticker.GetProperty("status").GetString());
        }
        finally
        {
            Directory.Delete(dataRoot, recursive: true);
        }
    }

    private async Task<string> CreateContextAsync(HttpClient client, string sandbox)
    {
        var created = await client.PostAsJsonAsync($"/v1/sandboxes/{sandbox}/contexts", new { language = "python" }, _ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> RunCellAsync(HttpClient client, string sandbox, string context, string code)
    {
        var response = await client.PostAsJsonAsync($"/v1/sandboxes/{sandbox}/contexts/{context}/run", new { code }, _ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
    }
}
