using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Sandcastle.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Sandcastle.Web.Tests.Sandboxes;

/// <summary>The sandbox views: the list, one sandbox's files, notebook and processes, and the stats page.</summary>
public sealed class SandboxViewTests(PlaygroundFixture fixture)
{
    [Fact]
    public async Task ANotebook_KeepsStateAcrossCells_AndShowsChartsInline()
    {
        await using var tab = await fixture.OpenAsync(hash: "#sandboxes");
        await tab.Locate("#new-sandbox-id").FillAsync("notebook-test");
        await tab.Locate("#new-sandbox-id").PressAsync("Enter");
        await Expect(tab.Locate("#sandbox-title")).ToHaveTextAsync("Sandbox notebook-test");

        await RunCellAsync(tab, 0, "x = 20\nx += 1");
        await RunCellAsync(tab, 1, "print('doubled', x * 2)");
        await Expect(tab.Locate("#cells > li").Nth(1).Locator(".cell-output")).ToContainTextAsync("doubled 42");
        await RunCellAsync(tab, 2, "import matplotlib.pyplot as plt\nplt.plot([1, 4, 9, 16])\nplt.title('squares')");
        var chart = tab.Locate("#cells > li").Nth(2).Locator("img.chart");
        await Expect(chart).ToBeVisibleAsync();
        Assert.True(await chart.EvaluateAsync<int>("img => img.naturalWidth") > 0, "the cell's chart did not decode");
        await Expect(tab.Locate("#context-status")).ToContainTextAsync("3 run(s)");
        await tab.ScreenshotAsync("sandbox-notebook");
        Assert.Empty(tab.ConsoleErrors);
    }

    [Fact]
    public async Task HtmlAProgramMade_IsShownInAFrameThatRunsNothing()
    {
        // A result's HTML comes from sandboxed code: if it ran in the page it could read the API key.
        await CreateSandboxAsync("html-attack");
        await using var tab = await fixture.OpenAsync(hash: "#sandbox/html-attack");
        await RunCellAsync(tab, 0, """
            class Report:
                def _repr_html_(self):
                    return ('<table><tr><th>n</th></tr><tr><td>7</td></tr></table>'
                            '<img src="data:image/png;base64,AAAA" onerror="parent.document.title=\'pwned\'; window.top.pwned=1">'
                            '<script>parent.document.title="pwned"</script>')
            Report()
            """);
        var frame = tab.Locate("#cells > li").First.Locator("iframe.html-result");
        await Expect(frame).ToBeVisibleAsync();
        await Expect(tab.Page.FrameLocator("#cells iframe.html-result").Locator("td")).ToHaveTextAsync("7");
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.NotEqual("pwned", await tab.Page.TitleAsync());
        Assert.False(await tab.Page.EvaluateAsync<bool>("() => 'pwned' in window"));
        Assert.Equal("", await frame.GetAttributeAsync("sandbox"));
        // The browser says it refused the frame's scripts; nothing else went wrong.
        Assert.All(tab.ConsoleErrors, e => Assert.Contains("Blocked script execution", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Files_UploadDownloadAndDelete_AndAProcessLogStreams()
    {
        await CreateSandboxAsync("files-test");
        await using var tab = await fixture.OpenAsync(hash: "#sandbox/files-test");
        await tab.Locate("#upload-input").SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "hello from the browser\n"u8.ToArray() });
        var row = tab.Page.Locator("#file-tree li", new() { HasText = "notes.txt" });
        await Expect(row).ToBeVisibleAsync();
        using var http = fixture.Server.CreateClient();
        Assert.Equal("hello from the browser\n", await http.GetStringAsync("v1/sandboxes/files-test/files/notes.txt", TestContext.Current.CancellationToken));

        var download = await tab.Page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Button, new() { Name = "Download" }).ClickAsync());
        Assert.Equal("notes.txt", download.SuggestedFilename);
        Assert.Equal("hello from the browser\n", await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken));

        await tab.Locate("#process-command").FillAsync("sh -c 'echo tick-1; sleep 1; echo tick-2; sleep 60'");
        await tab.Locate("#process-command").PressAsync("Enter");
        await Expect(tab.Locate("#process-log")).ToContainTextAsync("tick-2", new() { Timeout = 30_000 });
        await Expect(tab.Locate("#process-list")).ToContainTextAsync("running");
        await tab.ScreenshotAsync("sandbox-files");
        await tab.Locate("#process-list").GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Expect(tab.Locate("#process-log")).ToContainTextAsync("[exited");
        await Expect(tab.Locate("#process-list")).Not.ToContainTextAsync("running");

        await row.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        var exists = await http.GetFromJsonAsync<JsonObject>("v1/sandboxes/files-test/exists?path=notes.txt", TestContext.Current.CancellationToken);
        Assert.False(exists!["exists"]!.GetValue<bool>());
        Assert.Empty(tab.ConsoleErrors);
    }

    [Fact]
    public async Task TheListAndStatsPages_ShowSandboxesWithLiveUsage()
    {
        using var http = fixture.Server.CreateClient();
        (await http.PutAsJsonAsync("v1/sandboxes/stats-test", new { }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("v1/sandboxes/stats-test/processes", new { command = "python3 -c \"import time\nwhile True: sum(range(100000)); time.sleep(0.01)\"" },
            TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await using var tab = await fixture.OpenAsync(hash: "#sandboxes");

        var row = tab.Page.Locator("#sandboxes-table tbody tr", new() { HasText = "stats-test" });
        await Expect(row).ToContainTextAsync("active");
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("1");
        await tab.ScreenshotAsync("sandboxes");

        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Stats", Exact = true }).ClickAsync();
        var card = tab.Page.Locator("#stats-sandboxes li", new() { HasText = "stats-test" });
        await Expect(card.Locator("svg.spark")).ToHaveCountAsync(2);
        // A few samples in, the CPU line has points and the memory caption a size.
        await tab.Page.WaitForFunctionAsync("() => [...document.querySelectorAll('#stats-sandboxes li')].some(li => li.textContent.includes('stats-test') && li.querySelector('svg.cpu polyline').getAttribute('points').split(' ').length >= 6)",
            null, new() { Timeout = 30_000 });
        await Expect(card).ToContainTextAsync("MB");
        await Expect(tab.Locate("#stats-running")).ToContainTextAsync("process");
        await tab.ScreenshotAsync("stats");
        Assert.Empty(tab.ConsoleErrors);
        (await http.DeleteAsync("v1/sandboxes/stats-test", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
    }

    private async Task CreateSandboxAsync(string id)
    {
        using var http = fixture.Server.CreateClient();
        (await http.PutAsJsonAsync($"v1/sandboxes/{id}", new { }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
    }

    private static async Task RunCellAsync(PlaygroundPage tab, int index, string code)
    {
        var cell = tab.Locate("#cells > li").Nth(index);
        await cell.Locator("textarea").FillAsync(code);
        await cell.Locator("textarea").PressAsync("Control+Enter");
        await Expect(cell.Locator(".cell-output")).ToContainTextAsync($"[{index + 1}]", new() { Timeout = 60_000 });
    }
}
