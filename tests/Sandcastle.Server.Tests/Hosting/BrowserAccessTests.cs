using System.Net;
using System.Text;
using Sandcastle.Server.Tests.Errors;
using Sandcastle.Server.Tests.Infrastructure;

namespace Sandcastle.Server.Tests.Hosting;

/// <summary>
/// A keyless server trusts loopback callers, and a web page the developer visits is one: it must not be able to
/// drive the server, directly or by rebinding a name to 127.0.0.1. A server with keys keeps the seed's open CORS.
/// </summary>
public sealed class BrowserAccessTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Keyless_server_refuses_foreign_pages_rebound_names_and_non_json_posts_and_sends_no_cors()
    {
        await using var server = await RunningServer.StartAsync();

        using var page = new HttpRequestMessage(HttpMethod.Get, "/v1/sandboxes");
        page.Headers.Add("Origin", "https://evil.example");
        using var pageResponse = await server.Client.SendAsync(page, Cancellation);
        Assert.Equal(HttpStatusCode.Forbidden, pageResponse.StatusCode);
        Assert.Contains("evil.example", (await ErrorShapeTests.ReadErrorAsync(pageResponse)).Message);

        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/v1/sandboxes");
        rebound.Headers.Host = $"rebind.evil.example:{server.Address.Port}";
        using var reboundResponse = await server.Client.SendAsync(rebound, Cancellation);
        Assert.Equal(HttpStatusCode.Forbidden, reboundResponse.StatusCode);
        Assert.Contains("loopback name", (await ErrorShapeTests.ReadErrorAsync(reboundResponse)).Message);

        // The model relay has no exemption of its own: the egress proxy reaches it at the server's loopback address,
        // so a page that rebinds a name to 127.0.0.1 (or names the relay's reserved host) is refused there too.
        using var relay = new HttpRequestMessage(HttpMethod.Post, "/model-relay/v1/messages") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        relay.Headers.Host = $"sandcastle-model-relay:{server.Address.Port}";
        using var relayResponse = await server.Client.SendAsync(relay, Cancellation);
        Assert.Equal(HttpStatusCode.Forbidden, relayResponse.StatusCode);
        Assert.Contains("loopback name", (await ErrorShapeTests.ReadErrorAsync(relayResponse)).Message);

        // A form or text/plain POST needs no preflight: it must not reach /execute.
        using var plain = await server.Client.PostAsync("/execute", new StringContent("{\"question\":\"hi\"}", Encoding.UTF8, "text/plain"), Cancellation);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Contains("application/json", (await ErrorShapeTests.ReadErrorAsync(plain)).Message);

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/execute");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var preflightResponse = await server.Client.SendAsync(preflight, Cancellation);
        Assert.False(preflightResponse.Headers.Contains("Access-Control-Allow-Origin"));

        // The developer's own tools on loopback names still work, without CORS headers.
        using var local = new HttpRequestMessage(HttpMethod.Get, "/health");
        local.Headers.Host = $"localhost:{server.Address.Port}";
        local.Headers.Add("Origin", $"http://localhost:{server.Address.Port}");
        using var localResponse = await server.Client.SendAsync(local, Cancellation);
        Assert.True(localResponse.IsSuccessStatusCode, localResponse.StatusCode.ToString());
        Assert.False(localResponse.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Server_with_keys_sends_the_seeds_cors_headers_on_every_response_and_answers_options_without_origin()
    {
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?> { ["SANDCASTLE_API_KEYS"] = "key-a" });

        using var bare = new HttpRequestMessage(HttpMethod.Options, "/execute");
        using var bareResponse = await server.Client.SendAsync(bare, Cancellation);
        Assert.True(bareResponse.IsSuccessStatusCode, bareResponse.StatusCode.ToString());
        AssertSeedHeaders(bareResponse);

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/sandboxes");
        preflight.Headers.Add("Origin", "https://example.org");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type, authorization");
        using var preflightResponse = await server.Client.SendAsync(preflight, Cancellation);
        Assert.True(preflightResponse.IsSuccessStatusCode, preflightResponse.StatusCode.ToString());
        AssertSeedHeaders(preflightResponse);
        Assert.Contains("authorization", string.Join(",", preflightResponse.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);

        // Errors too: a page must be able to read why it was refused.
        using var unauthorized = await server.Client.GetAsync("/v1/sandboxes", Cancellation);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        AssertSeedHeaders(unauthorized);
        using var missing = await server.Client.GetAsync("/no/such/thing", Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        AssertSeedHeaders(missing);
    }

    private static void AssertSeedHeaders(HttpResponseMessage response)
    {
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var methods = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods"));
        Assert.Contains("GET", methods);
        Assert.Contains("POST", methods);
        Assert.Contains("OPTIONS", methods);
        Assert.Contains("content-type", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
    }
}
