using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sandcastle.Server.Tests.Infrastructure;

namespace Sandcastle.Server.Tests.Agents;

/// <summary>A server with no Anthropic key refuses an agent run at once, saying how to set one.</summary>
public sealed class AgentWithoutKeyTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAgentRun_IsRefusedAtOnce_TellingHowToSetTheKey()
    {
        await using var harness = await ExecuteHarness.StartAsync(
            new Dictionary<string, string?> { ["ANTHROPIC_API_KEY"] = "" }, withKey: false);
        using var created = await harness.Client.PutAsJsonAsync("/v1/sandboxes/keyless-agent", new { }, Cancel);
        Assert.True(created.IsSuccessStatusCode);

        var clock = Stopwatch.StartNew();
        using var response = await harness.Client.PostAsJsonAsync("/v1/sandboxes/keyless-agent/agent", new { prompt = "hi" }, Cancel);
        var elapsed = clock.Elapsed;
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("no Anthropic API key", body.GetProperty("message").GetString());
        Assert.Contains("sandcastle secret set ANTHROPIC_API_KEY", body.GetProperty("message").GetString());
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"answered after {elapsed.TotalSeconds:F1} s");
        Assert.Empty(harness.Model.Requests);
    }
}
