using System.Net;
using System.Text.Json;
using Sandcastle.Server.Tests.Infrastructure;

namespace Sandcastle.Server.Tests.Errors;

public sealed class ErrorShapeTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnknownPath_Is404WithErrorAndMessage()
    {
        await using var server = await RunningServer.StartAsync();
        using var response = await server.Client.GetAsync("/no/such/thing", Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var (error, message) = await ReadErrorAsync(response);
        Assert.Equal("Not found", error);
        Assert.Contains("/no/such/thing", message);
    }

    [Fact]
    public async Task WrongMethod_Is405WithErrorAndMessage()
    {
        await using var server = await RunningServer.StartAsync();
        using var response = await server.Client.DeleteAsync("/health", Cancellation);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        var (error, message) = await ReadErrorAsync(response);
        Assert.Equal("Method not allowed", error);
        Assert.Contains("DELETE", message);
    }

    [Fact]
    public async Task Cors_IsConfigurable()
    {
        await using var server = await RunningServer.StartAsync(new Dictionary<string, string?>
        {
            ["Server:CorsAllowedOrigins"] = "https://allowed.example",
        });
        using var allowed = new HttpRequestMessage(HttpMethod.Get, "/");
        allowed.Headers.Add("Origin", "https://allowed.example");
        using var allowedResponse = await server.Client.SendAsync(allowed, Cancellation);
        Assert.Equal("https://allowed.example", Assert.Single(allowedResponse.Headers.GetValues("Access-Control-Allow-Origin")));

        using var other = new HttpRequestMessage(HttpMethod.Get, "/");
        other.Headers.Add("Origin", "https://other.example");
        using var otherResponse = await server.Client.SendAsync(other, Cancellation);
        Assert.False(otherResponse.Headers.Contains("Access-Control-Allow-Origin"));
    }

    internal static async Task<(string Error, string Message)> ReadErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        return (body.RootElement.GetProperty("error").GetString()!, body.RootElement.GetProperty("message").GetString()!);
    }
}
