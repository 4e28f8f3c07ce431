using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandcastle.Server.Tests.Infrastructure;

namespace Sandcastle.Server.Tests.Sandboxes;

/// <summary>
/// Commands through the sandbox API of a real server, two tenants: a tenant's commands come to run in a native spare
/// (cloned by the C zygote, its pid 1 sandcastle-exec-init), in its own workspace, with nothing of the other tenant's
/// in view, while the other tenant's commands keep their own.
/// </summary>
public sealed class CommandSpareApiTests : TwoTenantServerTests
{
    [Fact]
    public async Task ATenantsCommands_RunInACommandSpare_WithOnlyItsOwnWorkspaceInView()
    {
        await CreateSandboxAsync(Alice, "alices");
        await CreateSandboxAsync(Bob, "bobs");
        Assert.Equal(0, (await ExecAsync(Alice, "alices", "echo alice > note.txt")).ExitCode);
        Assert.Equal(0, (await ExecAsync(Bob, "bobs", "echo bob-secret > secret.txt")).ExitCode);
        const string look = """
            cat /proc/1/comm; cat note.txt
            ls /run/sandcastle-volumes /run/sandcastle-sandboxes 2>&1 | grep -c 'Permission denied'
            find / -xdev -name secret.txt 2>/dev/null | wc -l
            """;

        // The tenant runs commands: its commands' replacement spares are native, kept for it (bounded).
        var seen = await ExecAsync(Alice, "alices", look);
        for (var attempt = 0; attempt < 100 && !seen.Stdout.StartsWith("sandcastle-exec\n", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(50, Cancellation);
            Assert.Equal("bob-secret\n", (await ExecAsync(Bob, "bobs", "cat secret.txt")).Stdout);
            seen = await ExecAsync(Alice, "alices", look);
        }

        Assert.Equal("sandcastle-exec\nalice\n2\n0\n", seen.Stdout);
        Assert.Equal(0, seen.ExitCode);
        var failing = await ExecAsync(Alice, "alices", "no-such-program");
        Assert.Equal(127, failing.ExitCode);
        Assert.Contains("no-such-program: command not found", failing.Stderr);
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
