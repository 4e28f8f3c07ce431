using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Sandcastle.Testing;
using Sandcastle.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Sandcastle.Web.Tests.Ask;

/// <summary>The Ask view in a real browser against a real <c>sandcastle serve</c>; only the model is a fake.</summary>
public sealed class AskTests
{
    private readonly PlaygroundFixture fixture;

    public AskTests(PlaygroundFixture fixture)
    {
        // Replies an earlier test scripted but never had read (it failed first) would answer this test's questions.
        fixture.Model.ClearReplies();
        this.fixture = fixture;
    }

    private const string Fibonacci = """
        Here is the program:

        ```python
        # the 10th Fibonacci number
        def fib(n):
            a, b = 0, 1
            for _ in range(n):
                a, b = b, a + b
            return a

        print(fib(10))
        ```
        """;

    [Fact]
    public async Task AQuestion_StreamsHighlightedCode_ThenShows55AndASummary()
    {
        fixture.Model.Enqueue(FakeReply.WithText(Fibonacci, chunks: 10).Slow(TimeSpan.FromMilliseconds(200)));
        await using var tab = await fixture.OpenAsync();

        await tab.Locate("#question").FillAsync("Calculate the 10th Fibonacci number");
        await tab.Locate("#question").PressAsync("Enter");

        // Streamed: code is on the page while the run is still going (Cancel is only enabled then).
        await tab.Page.WaitForFunctionAsync("""
            () => (document.querySelector('#run pre.code')?.textContent ?? '').includes('def')
                  && !document.querySelector('#cancel-button').disabled
            """);
        await Expect(tab.Locate("#run-summary")).ToBeVisibleAsync();
        await Expect(tab.Locate("#run .attempt .output")).ToContainTextAsync("55");
        await Expect(tab.Locate("#run .attempt .tok-keyword").First).ToHaveTextAsync("def");
        await Expect(tab.Locate("#run .attempt .tok-comment").First).ToContainTextAsync("10th Fibonacci");
        await Expect(tab.Locate("#run .attempt .badge")).ToHaveTextAsync("succeeded");
        await Expect(tab.Locate("#run-summary-list")).ToContainTextAsync("10 in, 20 out");
        await Expect(tab.Locate("#run-summary-list")).ToContainTextAsync("claude-");
        await Expect(tab.Locate("#run-button")).ToBeEnabledAsync();
        await tab.ScreenshotAsync("ask");
        Assert.Empty(tab.ConsoleErrors);
    }

    [Fact]
    public async Task TheAgentAndCommandPickers_ComeFromTheCatalog_AndShapeTheRequest()
    {
        fixture.Model.EnqueueText("```python\nprint('shaped')\n```");
        await using var tab = await fixture.OpenAsync();
        var before = fixture.Model.Requests.Count;

        await tab.Locate("#agent").SelectOptionAsync(new SelectOptionValue { Label = "data-science/statistician" });
        await tab.Locate("#command").SelectOptionAsync(new SelectOptionValue { Label = "visualization/make-chart" });
        await tab.Locate("#question").FillAsync("monthly rainfall");
        await tab.Locate("#question").PressAsync("Enter");
        await Expect(tab.Locate("#run .output")).ToContainTextAsync("shaped");

        // As `sandcastle run --agent statistician --command make-chart`: the agent's prompt is the role, the
        // command's template wraps the question.
        var sent = fixture.Model.Requests[before];
        Assert.Contains("statistician", sent.System ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Create a chart for this request:\n\nmonthly rainfall", sent.LastUserText, StringComparison.Ordinal);
        Assert.Empty(tab.ConsoleErrors);
    }

    [Fact]
    public async Task AFailedAttempt_IsShownAsFailed_AndItsFixAsSucceeded()
    {
        fixture.Model.EnqueueText("```python\nprint(undefined_name)\n```").EnqueueText("```python\nprint('fixed', 6 * 7)\n```");
        await using var tab = await fixture.OpenAsync();

        await tab.Locate("#question").FillAsync("Print 6 times 7");
        await tab.Locate("#run-button").ClickAsync();

        await Expect(tab.Locate("#run-summary")).ToBeVisibleAsync();
        var attempts = tab.Locate("#run article.attempt");
        await Expect(attempts).ToHaveCountAsync(2);
        await Expect(attempts.Nth(0)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("failed"));
        await Expect(attempts.Nth(0).Locator(".badge")).ToContainTextAsync("failed");
        await Expect(attempts.Nth(0).Locator(".output")).ToContainTextAsync("NameError");
        await Expect(attempts.Nth(0)).ToContainTextAsync("sent back to Claude for a fix");
        await Expect(attempts.Nth(1).Locator(".badge")).ToHaveTextAsync("succeeded");
        await Expect(attempts.Nth(1).Locator(".output")).ToContainTextAsync("fixed 42");
        Assert.Empty(tab.ConsoleErrors);
    }

    [Fact]
    public async Task AChartQuestion_RendersAnImageThatDecodes_AndAFileDownloads()
    {
        fixture.Model.EnqueueText("""
            ```python
            import matplotlib
            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
            xs = list(range(10))
            plt.plot(xs, [x * x for x in xs])
            plt.title("Squares")
            plt.savefig("chart.png")
            with open("squares.csv", "w") as f:
                f.write("x,square\n" + "".join(f"{x},{x * x}\n" for x in xs))
            print("saved chart.png and squares.csv")
            ```
            """);
        await using var tab = await fixture.OpenAsync();

        await tab.Locate("#question").FillAsync("Plot the squares of 0..9");
        await tab.Locate("#question").PressAsync("Enter");

        var chart = tab.Locate("#run-files img.chart");
        await Expect(chart).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await tab.Page.WaitForFunctionAsync("() => document.querySelector('#run-files img.chart')?.complete");
        var width = await chart.EvaluateAsync<int>("img => img.naturalWidth");
        Assert.True(width > 0, "the chart did not decode");
        await Expect(tab.Locate("#run-files")).ToContainTextAsync("squares.csv");
        await tab.ScreenshotAsync("ask-chart");

        var csv = tab.Page.Locator("#run-file-list figure", new() { HasText = "squares.csv" });
        var download = await tab.Page.RunAndWaitForDownloadAsync(() => csv.GetByRole(AriaRole.Button, new() { Name = "Download" }).ClickAsync());
        Assert.Equal("squares.csv", download.SuggestedFilename);
        var saved = await download.PathAsync();
        Assert.StartsWith("x,square\n0,0\n1,1\n", await File.ReadAllTextAsync(saved, TestContext.Current.CancellationToken));
        Assert.Empty(tab.ConsoleErrors);
    }

    [Fact]
    public async Task Cancel_StopsASlowRun_AndNothingKeepsRunning()
    {
        // The program beats into a file of its sandbox: after Cancel the file must stop growing.
        fixture.Model.EnqueueText("""
            ```python
            import time
            print("started", flush=True)
            for i in range(600):
                with open("beat.txt", "a") as f:
                    f.write("x")
                time.sleep(0.1)
            print("never")
            ```
            """);
        await using var tab = await fixture.OpenAsync();
        var sandbox = await tab.Locate("#ask-sandbox").InputValueAsync();

        await tab.Locate("#question").FillAsync("Run for a minute");
        await tab.Locate("#question").PressAsync("Enter");
        await Expect(tab.Locate("#run .output")).ToContainTextAsync("started", new() { Timeout = 60_000 });
        await tab.Locate("#cancel-button").ClickAsync();

        await Expect(tab.Locate("#run")).ToContainTextAsync("Cancelled");
        await Expect(tab.Locate("#run-button")).ToBeEnabledAsync();
        using var http = fixture.Server.CreateClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        JsonObject stats;
        do
        {
            stats = (await http.GetFromJsonAsync<JsonObject>("v1/stats", TestContext.Current.CancellationToken))!;
            if (stats["runningExecutions"]!.AsArray().Count == 0)
                break;
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Empty(stats["runningExecutions"]!.AsArray());
        var before = await BeatsAsync(http, sandbox);
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        var after = await BeatsAsync(http, sandbox);
        Assert.True(before > 0, "the program never ran");
        Assert.Equal(before, after);
        Assert.DoesNotContain("never", await tab.Locate("#run .output").InnerTextAsync());
        Assert.Empty(tab.ConsoleErrors);
    }

    private static async Task<long> BeatsAsync(HttpClient http, string sandbox)
    {
        var file = await http.GetFromJsonAsync<JsonObject>($"v1/sandboxes/{sandbox}/files/beat.txt?format=json", TestContext.Current.CancellationToken);
        return file!["size"]!.GetValue<long>();
    }
}
