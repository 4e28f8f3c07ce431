using Sandcastle.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Sandcastle.Web.Tests.Access;

/// <summary>A server with API keys: the page asks for one, shows the server's refusal, and keeps keys out of URLs.</summary>
public sealed class ApiKeyTests(PlaygroundFixture fixture)
{
    [Fact]
    public async Task AKeyedServer_AsksForAKey_AWrongOneShowsTheError_TheRightOneIsSentAsABearerHeader()
    {
        await using var keyed = await ServeProcess.StartAsync(fixture.Model.BaseUrl, apiKeys: "right-key-123");
        await using var tab = await fixture.OpenAsync(keyed);

        await Expect(tab.Locate("#key-view")).ToBeVisibleAsync();
        await Expect(tab.Locate("#ask-view")).ToBeHiddenAsync();
        await tab.ScreenshotAsync("api-key");
        await tab.Locate("#key-input").FillAsync("wrong-key");
        await tab.Locate("#key-input").PressAsync("Enter");
        await Expect(tab.Locate("#key-error")).ToHaveTextAsync("The API key is not known to this server.");
        Assert.Null(await tab.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('sandcastle.apiKey')"));

        await tab.Locate("#key-input").FillAsync("right-key-123");
        await tab.Locate("#key-input").PressAsync("Enter");
        await Expect(tab.Locate("#ask-view")).ToBeVisibleAsync();
        await Expect(tab.Locate("#agent option")).Not.ToHaveCountAsync(1);
        Assert.Equal("right-key-123", await tab.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('sandcastle.apiKey')"));

        var apiCalls = tab.Requests.Where(r => new Uri(r.Url).AbsolutePath.StartsWith("/v1/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(apiCalls);
        Assert.All(tab.Requests, r => Assert.DoesNotContain("key-123", r.Url, StringComparison.Ordinal));
        Assert.Equal("Bearer right-key-123", await apiCalls[^1].HeaderValueAsync("authorization"));
        // Chromium reports each 401 answer as a console error; those are the only ones allowed here.
        Assert.All(tab.ConsoleErrors, e => Assert.Contains("401", e, StringComparison.Ordinal));
    }
}
