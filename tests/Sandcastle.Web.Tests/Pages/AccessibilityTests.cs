using Microsoft.Playwright;
using Sandcastle.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Sandcastle.Web.Tests.Pages;

/// <summary>axe-core on the main views (no serious or critical violations), keyboard use, and a 375-pixel phone.</summary>
public sealed class AccessibilityTests
{
    private readonly PlaygroundFixture fixture;

    public AccessibilityTests(PlaygroundFixture fixture)
    {
        // Replies an earlier test scripted but never had read (it failed first) would answer this test's questions.
        fixture.Model.ClearReplies();
        this.fixture = fixture;
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task TheMainViews_HaveNoSeriousViolations_AndFitTheScreen(int width)
    {
        fixture.Model.EnqueueText("```python\nprint(sum(range(11)))\n```");
        await using var tab = await fixture.OpenAsync(width: width, height: 800);
        await tab.Locate("#question").FillAsync("Sum 0..10");
        await tab.Locate("#question").PressAsync("Enter");
        await Expect(tab.Locate("#run-summary")).ToBeVisibleAsync();
        var sandbox = await tab.Locate("#ask-sandbox").InputValueAsync();

        foreach (var hash in new[] { "#ask", "#sandboxes", $"#sandbox/{sandbox}", "#stats" })
        {
            await tab.Page.EvaluateAsync("hash => { location.hash = hash; }", hash);
            await Expect(tab.Locate("main > section:not([hidden]) h2")).ToBeVisibleAsync();
            await tab.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.Empty(await tab.AccessibilityViolationsAsync());
            var overflowing = await tab.OverflowingElementsAsync();
            Assert.True(overflowing.Count == 0, $"{hash} is wider than {width} px: {string.Join(", ", overflowing)}");
        }
        if (width == 375)
            await tab.ScreenshotAsync("phone-stats");
        Assert.Empty(tab.ConsoleErrors);
    }

    [Fact]
    public async Task TheKeyboardAlone_RunsAQuestion()
    {
        fixture.Model.EnqueueText("```python\nprint('by keyboard')\n```");
        await using var tab = await fixture.OpenAsync();
        // The page shows the Ask view once its script has run: tabbing before that would skip the question box.
        await Expect(tab.Locate("#question")).ToBeVisibleAsync();
        // Tab from the top: skip link, the three views, then the question box.
        await tab.Page.Keyboard.PressAsync("Tab");
        await Expect(tab.Locate(".skip-link")).ToBeFocusedAsync();
        for (var i = 0; i < 4; i++)
            await tab.Page.Keyboard.PressAsync("Tab");
        await Expect(tab.Locate("#question")).ToBeFocusedAsync();
        await tab.Page.Keyboard.TypeAsync("Say it");
        await tab.Page.Keyboard.PressAsync("Enter");
        await Expect(tab.Locate("#run .output")).ToContainTextAsync("by keyboard");
        Assert.Empty(tab.ConsoleErrors);
    }
}
