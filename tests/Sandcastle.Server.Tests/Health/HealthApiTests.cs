using System.Net;
using System.Text.Json;
using Sandcastle.Server.Tests.Infrastructure;

namespace Sandcastle.Server.Tests.Health;

public sealed class HealthApiTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Root_DescribesNameVersionEndpointsAndUsage()
    {
        await using var server = await RunningServer.StartAsync();
        using var response = await server.Client.GetAsync("/", Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        var root = body.RootElement;
        Assert.Equal("Sandcastle", root.GetProperty("name").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+", root.GetProperty("version").GetString());
        var endpoints = root.GetProperty("endpoints");
        Assert.True(endpoints.TryGetProperty("GET /health", out _));
        Assert.True(endpoints.TryGetProperty("GET /", out _));
        Assert.Contains("/execute", root.GetProperty("usage").GetString());
    }

    [Fact]
    public async Task Health_IsHealthyWithSandboxAndModelDetail()
    {
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?>
        {
            ["Generation:ApiKey"] = "sk-ant-health-test",
            ["Generation:Model"] = "claude-test-model",
        });
        using var response = await server.Client.GetAsync("/health", Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var body = JsonDocument.Parse(text);
        var root = body.RootElement;
        Assert.Equal("healthy", root.GetProperty("status").GetString());
        Assert.True(DateTimeOffset.UtcNow - root.GetProperty("timestamp").GetDateTimeOffset() < TimeSpan.FromMinutes(1));
        Assert.True(root.GetProperty("sandbox").GetProperty("usable").GetBoolean());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("sandbox").GetProperty("cgroup").GetString()));
        Assert.True(root.GetProperty("model").GetProperty("configured").GetBoolean());
        Assert.Equal("claude-test-model", root.GetProperty("model").GetProperty("name").GetString());
        Assert.DoesNotContain("sk-ant-health-test", text);
    }

    [Fact]
    public async Task Health_WhenSandboxToolsAreMissing_Is503Unhealthy_WithTheProblem()
    {
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?>
        {
            ["Sandbox:BubblewrapPath"] = "/nonexistent/bwrap",
        });
        using var response = await server.Client.GetAsync("/health", Cancellation);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal("unhealthy", body.RootElement.GetProperty("status").GetString());
        Assert.False(body.RootElement.GetProperty("sandbox").GetProperty("usable").GetBoolean());
        Assert.Contains("/nonexistent/bwrap", body.RootElement.GetProperty("sandbox").GetProperty("problem").GetString());
    }
}
