using System.Net;
using System.Net.Http.Json;
using Sandcastle.Server.Tests.Infrastructure;

namespace Sandcastle.Server.Tests.Observability;

/// <summary>
/// Runs alone: OpenTelemetry listens to every live "Sandcastle" meter of the process, so another test's server
/// running at the same time would add its executions to these counts (one server per process in production).
/// </summary>
[Collection(nameof(MetricsApiTests))]
public sealed class MetricsApiTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_CountTheExecutionsOfThisServer_InPrometheusText()
    {
        await using var harness = await ExecuteHarness.StartAsync();
        harness.Model.EnqueueText("```javascript\nconsole.log(1)\n```");
        harness.Model.EnqueueText("```javascript\nconsole.log(2)\n```");
        harness.Model.EnqueueText("```javascript\nprocess.exit(4)\n```");
        for (var i = 0; i < 3; i++)
        {
            var (response, _) = await harness.PostAsync(new { question = $"question {i}", language = "javascript", maxAttempts = 1 });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using (var put = await harness.Client.PutAsJsonAsync("/v1/sandboxes/metered", new { }, Cancellation))
            Assert.True(put.IsSuccessStatusCode);
        using (var exec = await harness.Client.PostAsJsonAsync("/v1/sandboxes/metered/exec", new { command = "true" }, Cancellation))
            Assert.Equal(HttpStatusCode.OK, exec.StatusCode);

        using var scrape = await harness.Client.GetAsync("/metrics", Cancellation);
        var text = await scrape.Content.ReadAsStringAsync(Cancellation);

        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Equal("text/plain", scrape.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE sandcastle_executions_total counter", text);
        // Two programs exited 0 and one exited 4: the reason is "exited" for all three; exec counted on its own.
        Assert.Equal(3, Sample(text, "sandcastle_executions_total", "kind=\"execute\"", "language=\"javascript\"", "reason=\"exited\""));
        Assert.Equal(1, Sample(text, "sandcastle_executions_total", "kind=\"exec\"", "language=\"bash\"", "reason=\"exited\""));
        Assert.Equal(30, Sample(text, "sandcastle_tokens_total", "direction=\"input\""));
        Assert.Equal(60, Sample(text, "sandcastle_tokens_total", "direction=\"output\""));
        Assert.Equal(3, Sample(text, "sandcastle_generation_duration_seconds_count", "language=\"javascript\""));
        Assert.Equal(0, Sample(text, "sandcastle_executions_active"));
        Assert.Contains("http_server_request_duration_seconds", text);
        Assert.Contains("le=\"0.25\"", text); // Second-sized buckets, not the default millisecond ones.
    }

    [Fact]
    public async Task Metrics_AnswerTheGauges_FromTheFirstScrape()
    {
        await using var harness = await ExecuteHarness.StartAsync();

        using var scrape = await harness.Client.GetAsync("/metrics", Cancellation);
        var text = await scrape.Content.ReadAsStringAsync(Cancellation);

        // Nothing has run yet: the gauges exist (made as the server started), at zero.
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Equal(0, Sample(text, "sandcastle_executions_active"));
        Assert.Equal(0, Sample(text, "sandcastle_sandboxes_active"));
    }

    /// <summary>The value of the one sample of <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    private static double Sample(string text, string name, params string[] labels)
    {
        var lines = text.Split('\n').Where(l => (l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
            && labels.All(label => l.Contains(label, StringComparison.Ordinal))).ToList();
        var line = Assert.Single(lines);
        var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
        return double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
