using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Sandcastle.Web.Tests.Infrastructure;

namespace Sandcastle.Web.Tests.Pages;

/// <summary>GET / gives browsers the page and every other client today's JSON; the page's files are served from the binary.</summary>
public sealed class PageRoutingTests(PlaygroundFixture fixture)
{
    [Theory]
    [InlineData(null)]
    [InlineData("*/*")]
    [InlineData("application/json")]
    public async Task ApiClients_KeepGettingTheJsonDescription(string? accept)
    {
        using var http = fixture.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        if (accept is not null)
            request.Headers.Accept.ParseAdd(accept);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("Sandcastle", body["name"]!.GetValue<string>());
        Assert.Equal("This description of the API.", body["endpoints"]!["GET /"]!.GetValue<string>());
    }

    [Fact]
    public async Task Browsers_GetThePage_WithAPolicyThatRunsOnlyItsOwnScripts()
    {
        using var http = fixture.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>Sandcastle playground</title>", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
    }

    [Fact]
    public async Task ThePagesFiles_AreServedWithValidators_AndUnknownOnesAre404()
    {
        using var http = fixture.Server.CreateClient();
        using var script = await http.GetAsync("/playground/app.js", TestContext.Current.CancellationToken);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        var tag = script.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/playground/app.js");
        again.Headers.IfNoneMatch.Add(tag);
        using var notModified = await http.SendAsync(again, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotModified, notModified.StatusCode);

        using var missing = await http.GetAsync("/playground/../appsettings.json", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        using var unknown = await http.GetAsync("/playground/nothing.js", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
