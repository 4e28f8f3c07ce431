using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sandcastle.Sandbox;
using Sandcastle.Server.Tests.Infrastructure;

namespace Sandcastle.Server.Tests.Observability;

/// <summary>GET /v1/stats over a real server with two tenants: what each sees of its own executions and sandboxes.</summary>
public sealed class StatsApiTests : TwoTenantServerTests
{
    [Fact]
    public async Task AfterAnExecuteAndAnExec_BothAreRecent_WithTimingsAndTokens_OnlyForTheirTenant()
    {
        Harness.Model.EnqueueText("```python\nprint(2 ** 10)\n```");
        var execute = await Alice.PostAsJsonAsync("/execute", new { question = "What is 2^10?" }, Cancellation);
        Assert.Equal(HttpStatusCode.OK, execute.StatusCode);
        await CreateSandboxAsync(Alice, "box");
        var exec = await Alice.PostAsJsonAsync("/v1/sandboxes/box/exec", new { command = "echo hello; exit 3" }, Cancellation);
        Assert.Equal(HttpStatusCode.OK, exec.StatusCode);

        var stats = await StatsAsync(Alice);

        Assert.False(string.IsNullOrEmpty(stats.GetProperty("version").GetString()));
        Assert.True(stats.GetProperty("uptimeSeconds").GetDouble() >= 0);
        Assert.Empty(stats.GetProperty("runningExecutions").EnumerateArray());
        var recent = stats.GetProperty("recentExecutions").EnumerateArray().ToList();
        Assert.Equal(2, recent.Count);
        var execEntry = recent[0];
        Assert.Equal("exec", execEntry.GetProperty("kind").GetString());
        Assert.Equal("box", execEntry.GetProperty("sandboxId").GetString());
        Assert.Equal("echo hello; exit 3", execEntry.GetProperty("command").GetString());
        Assert.False(execEntry.GetProperty("success").GetBoolean());
        Assert.Equal(3, execEntry.GetProperty("exitCode").GetInt32());
        Assert.Equal("exited", execEntry.GetProperty("reason").GetString());
        // Forked, a one-liner can run in under a millisecond.
        Assert.InRange(execEntry.GetProperty("executionMs").GetInt64(), 0, 30_000);
        var executeEntry = recent[1];
        Assert.Equal("execute", executeEntry.GetProperty("kind").GetString());
        Assert.Equal("What is 2^10?", executeEntry.GetProperty("question").GetString());
        Assert.Equal("python", executeEntry.GetProperty("language").GetString());
        Assert.True(executeEntry.GetProperty("success").GetBoolean());
        Assert.Equal(0, executeEntry.GetProperty("exitCode").GetInt32());
        Assert.Equal("claude-sonnet-5-5", executeEntry.GetProperty("model").GetString());
        Assert.True(executeEntry.GetProperty("generationMs").GetInt64() >= 0);
        Assert.InRange(executeEntry.GetProperty("executionMs").GetInt64(), 0, 30_000);
        Assert.Equal(10, executeEntry.GetProperty("inputTokens").GetInt64());
        Assert.Equal(20, executeEntry.GetProperty("outputTokens").GetInt64());
        Assert.True(executeEntry.GetProperty("finishedAt").GetDateTimeOffset() >= executeEntry.GetProperty("startedAt").GetDateTimeOffset());
        var sandbox = Assert.Single(stats.GetProperty("sandboxes").EnumerateArray());
        Assert.Equal("box", sandbox.GetProperty("id").GetString());
        Assert.Equal("active", sandbox.GetProperty("state").GetString());
        Assert.Equal(0, sandbox.GetProperty("runningProcesses").GetInt32());

        var others = await StatsAsync(Bob);
        Assert.Empty(others.GetProperty("recentExecutions").EnumerateArray());
        Assert.Empty(others.GetProperty("sandboxes").EnumerateArray());
        using var anonymous = await Harness.Client.GetAsync("/v1/stats", Cancellation);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task ARunningExec_IsShownWhileItRuns_WithItsSandboxsProcess_ToItsTenantOnly()
    {
        await CreateSandboxAsync(Alice, "sleeper");
        var exec = Alice.PostAsJsonAsync("/v1/sandboxes/sleeper/exec", new { command = "sleep 2; echo woke" }, Cancellation);

        JsonElement? seen = null;
        JsonElement stats = default;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var cgroups = Harness.Server.Services.GetRequiredService<SandboxEngine>().CgroupVersion != "none";
        // The exec is listed as soon as its launcher starts; its tree joins the cgroup and allocates a moment later.
        while ((seen is null || (cgroups && !ReportsMemory(stats))) && DateTime.UtcNow < deadline && !exec.IsCompleted)
        {
            stats = await StatsAsync(Alice);
            seen = stats.GetProperty("runningExecutions").EnumerateArray().Cast<JsonElement?>().FirstOrDefault();
            if (seen is null || (cgroups && !ReportsMemory(stats)))
                await Task.Delay(50, Cancellation);
        }
        var others = await StatsAsync(Bob);
        Assert.Equal(HttpStatusCode.OK, (await exec).StatusCode);
        var afterwards = await StatsAsync(Alice);

        Assert.NotNull(seen);
        Assert.Equal("exec", seen.Value.GetProperty("kind").GetString());
        Assert.Equal("sleeper", seen.Value.GetProperty("sandboxId").GetString());
        Assert.Equal("sleep 2; echo woke", seen.Value.GetProperty("command").GetString());
        Assert.True(seen.Value.GetProperty("elapsedMs").GetInt64() >= 0);
        var sandbox = Assert.Single(stats.GetProperty("sandboxes").EnumerateArray());
        Assert.Equal("active", sandbox.GetProperty("state").GetString());
        Assert.True(sandbox.GetProperty("runningProcesses").GetInt32() >= 1);
        if (cgroups)
        {
            Assert.True(sandbox.GetProperty("memoryBytes").GetInt64() > 0);
            Assert.True(sandbox.GetProperty("cpuSeconds").GetDouble() >= 0);
        }
        Assert.Empty(others.GetProperty("runningExecutions").EnumerateArray());
        Assert.Empty(afterwards.GetProperty("runningExecutions").EnumerateArray());
        Assert.Contains(afterwards.GetProperty("recentExecutions").EnumerateArray(),
            e => e.GetProperty("command").GetString() == "sleep 2; echo woke" && e.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task ARunningBackgroundProcess_IsShownAsAProcess()
    {
        await CreateSandboxAsync(Alice, "daemon");
        var started = await Alice.PostAsJsonAsync("/v1/sandboxes/daemon/processes", new { command = "sleep 30" }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);

        var stats = await StatsAsync(Alice);

        var process = Assert.Single(stats.GetProperty("runningExecutions").EnumerateArray());
        Assert.Equal("process", process.GetProperty("kind").GetString());
        Assert.Equal("daemon", process.GetProperty("sandboxId").GetString());
        Assert.Equal("sleep 30", process.GetProperty("command").GetString());
        // The process counts as running everywhere a count is shown: stats, the listing and the sandbox itself.
        Assert.Equal(1, Assert.Single(stats.GetProperty("sandboxes").EnumerateArray()).GetProperty("runningProcesses").GetInt32());
        var listed = await Alice.GetFromJsonAsync<JsonElement>("/v1/sandboxes", Cancellation);
        var row = Assert.Single(listed.GetProperty("sandboxes").EnumerateArray());
        Assert.Equal(1, row.GetProperty("runningProcesses").GetInt32());
        var one = await Alice.GetFromJsonAsync<JsonElement>("/v1/sandboxes/daemon", Cancellation);
        Assert.Equal(1, one.GetProperty("runningProcesses").GetInt32());
        var bobs = await Bob.GetFromJsonAsync<JsonElement>("/v1/sandboxes", Cancellation);
        Assert.Empty(bobs.GetProperty("sandboxes").EnumerateArray());
        await Alice.DeleteAsync("/v1/sandboxes/daemon", Cancellation);
    }

    [Fact]
    public async Task OpenCodeContexts_AreCounted_PerSandbox()
    {
        await CreateSandboxAsync(Alice, "notebook");
        using var created = await Alice.PostAsJsonAsync("/v1/sandboxes/notebook/contexts", new { language = "javascript" }, Cancellation);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var row = (await StatsAsync(Alice)).GetProperty("sandboxes").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "notebook");

        Assert.Equal("active", row.GetProperty("state").GetString());
        Assert.Equal(1, row.GetProperty("contexts").GetInt32());
    }

    private static bool ReportsMemory(JsonElement stats) =>
        stats.ValueKind == JsonValueKind.Object
        && stats.GetProperty("sandboxes").EnumerateArray().Any(s => s.GetProperty("memoryBytes") is { ValueKind: JsonValueKind.Number } m && m.GetInt64() > 0);

    private static async Task<JsonElement> StatsAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/v1/stats", Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
