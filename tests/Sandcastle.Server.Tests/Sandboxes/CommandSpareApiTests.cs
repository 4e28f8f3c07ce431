using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandcastle.Server.Tests.Infrastructure;

namespace Sandcastle.Server.Tests.Sandboxes;

/// <summary>
/// Commands through the sandbox API of a real server, two tenants: a tenant's commands come to run in a spare warmed
/// for commands (its pid 1 the C program, sandcastle-exec-init), in its own workspace, with nothing of the other
/// tenant's in view, while the other tenant's commands keep their own.
/// </summary>
public sealed class CommandSpareApiTests : IAsyncLifetime
{
    private ExecuteHarness _harness = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _harness = await ExecuteHarness.StartAsync(new Dictionary<string, string?> { ["SANDCASTLE_API_KEYS"] = "key-alice,key-bob" });
        _alice = Client("key-alice");
        _bob = Client("key-bob");
    }

    [Fact]
    public async Task ATenantsCommands_RunInACommandSpare_WithOnlyItsOwnWorkspaceInView()
    {
        await CreateSandboxAsync(_alice, "alices");
        await CreateSandboxAsync(_bob, "bobs");
        Assert.Equal(0, (await ExecAsync(_alice, "alices", "echo alice > note.txt")).ExitCode);
        Assert.Equal(0, (await ExecAsync(_bob, "bobs", "echo bob-secret > secret.txt")).ExitCode);
        const string look = """
            cat /proc/1/comm; cat note.txt
            ls /run/sandcastle-volumes /run/sandcastle-sandboxes 2>&1 | grep -c 'Permission denied'
            find / -xdev -name secret.txt 2>/dev/null | wc -l
            """;

        // The tenant runs commands: its commands' replacement spares are native, kept for it (bounded).
        var seen = await ExecAsync(_alice, "alices", look);
        for (var attempt = 0; attempt < 100 && !seen.Stdout.StartsWith("sandcastle-exec\n", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(50, Cancellation);
            Assert.Equal("bob-secret\n", (await ExecAsync(_bob, "bobs", "cat secret.txt")).Stdout);
            seen = await ExecAsync(_alice, "alices", look);
        }

        Assert.Equal("sandcastle-exec\nalice\n2\n0\n", seen.Stdout);
        Assert.Equal(0, seen.ExitCode);
        var failing = await ExecAsync(_alice, "alices", "no-such-program");
        Assert.Equal(127, failing.ExitCode);
        Assert.Contains("no-such-program: command not found", failing.Stderr);
    }

    public async ValueTask DisposeAsync()
    {
        _alice.Dispose();
        _bob.Dispose();
        await _harness.DisposeAsync();
    }

    private HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = _harness.Server.Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    private static async Task CreateSandboxAsync(HttpClient client, string id)
    {
        using var response = await client.PutAsJsonAsync($"/v1/sandboxes/{id}", new { }, Cancellation);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Cancellation));
    }

    private static async Task<(string Stdout, string Stderr, int ExitCode)> ExecAsync(HttpClient client, string id, string command)
    {
        using var response = await client.PostAsJsonAsync($"/v1/sandboxes/{id}/exec", new { command }, Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var document = JsonDocument.Parse(text);
        var body = document.RootElement;
        return (body.GetProperty("stdout").GetString()!, body.GetProperty("stderr").GetString()!, body.GetProperty("exitCode").GetInt32());
    }
}
