using System.Net;
using System.Text;
using Sandcastle.Server.Tests.Errors;
using Sandcastle.Server.Tests.Infrastructure;

namespace Sandcastle.Server.Tests.Execute;

/// <summary>Every bad request gets a 4xx with <c>{error, message}</c> and never reaches the model.</summary>
public sealed class ExecuteValidationTests : IClassFixture<ExecuteValidationTests.Harness>
{
    private readonly Harness _fixture;

    public ExecuteValidationTests(Harness fixture) => _fixture = fixture;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"question\": \"\"}")]
    [InlineData("{\"question\": \"   \"}")]
    [InlineData("{\"question\": null}")]
    [InlineData("null")]
    [InlineData("")]
    public async Task MissingOrEmptyQuestion_Is400WithTheSeedsError(string body)
    {
        var (status, error, message) = await PostAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Question is required", error);
        Assert.Contains("question", message);
    }

    [Theory]
    [InlineData("{\"question\": ", "Invalid JSON")]
    [InlineData("not json at all", "Invalid JSON")]
    [InlineData("[1, 2]", "Invalid JSON")]
    [InlineData("{\"question\": 42}", "Invalid request body")]
    [InlineData("{\"question\": \"q\", \"timeout\": \"soon\"}", "Invalid request body")]
    public async Task MalformedBody_Is400Saying(string body, string expectedError)
    {
        var (status, error, message) = await PostAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(expectedError, error);
        Assert.Contains("Example:", message);
    }

    [Theory]
    [InlineData("{\"question\": \"q\", \"language\": \"cobol\"}", "Unsupported language", "cobol")]
    [InlineData("{\"question\": \"q\", \"maxTokens\": 0}", "Invalid maxTokens", "between 1 and")]
    [InlineData("{\"question\": \"q\", \"maxTokens\": 99999999}", "Invalid maxTokens", "between 1 and")]
    [InlineData("{\"question\": \"q\", \"timeout\": 0}", "Invalid timeout", "milliseconds")]
    [InlineData("{\"question\": \"q\", \"timeout\": 86400000}", "Invalid timeout", "milliseconds")]
    [InlineData("{\"question\": \"q\", \"maxAttempts\": 99}", "Invalid maxAttempts", "between 1 and")]
    [InlineData("{\"question\": \"q\", \"sandboxId\": \"Bad_ID\"}", "Invalid sandboxId", "lowercase")]
    [InlineData("{\"question\": \"q\", \"sandboxId\": \"../etc\"}", "Invalid sandboxId", "lowercase")]
    public async Task OutOfRangeOrUnknownValue_Is400Saying(string body, string expectedError, string expectedInMessage)
    {
        var (status, error, message) = await PostAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(expectedError, error);
        Assert.Contains(expectedInMessage, message);
    }

    [Theory]
    [InlineData("{\"question\": \"q\", \"model\": \"\"}")]
    [InlineData("{\"question\": \"q\", \"model\": \"claude sonnet; rm -rf\"}")]
    [InlineData("{\"question\": \"q\", \"model\": \"-flag\"}")]
    public async Task MalformedModel_Is400Saying(string body)
    {
        var (status, error, message) = await PostAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Invalid model", error);
        Assert.Contains("claude-sonnet-5-5", message);
    }

    [Fact]
    public async Task OversizedRole_Is400Saying()
    {
        var body = $"{{\"question\": \"q\", \"role\": \"{new string('r', 40_000)}\"}}";
        var (status, error, message) = await PostAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Invalid role", error);
        Assert.Contains("at most 32000 characters; it was 40000", message);
    }

    [Fact]
    public async Task OneMegabyteQuestion_Is413()
    {
        var body = $"{{\"question\": \"{new string('x', 1024 * 1024)}\"}}";
        var (status, error, message) = await PostAsync(body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("Request body too large", error);
        Assert.Contains("256 KB", message);
    }

    [Fact]
    public async Task OversizedChunkedBody_Is413()
    {
        // No Content-Length: the cap is enforced while reading.
        var payload = Encoding.UTF8.GetBytes($"{{\"question\": \"{new string('y', 512 * 1024)}\"}}");
        using var content = new StreamContent(new MemoryStream(payload));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/execute") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await _fixture.Execute.Client.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var (error, _) = await ErrorShapeTests.ReadErrorAsync(response);
        Assert.Equal("Request body too large", error);
    }

    [Fact]
    public async Task GetOnExecute_Is405()
    {
        using var response = await _fixture.Execute.Client.GetAsync("/execute", Cancellation);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        var (error, _) = await ErrorShapeTests.ReadErrorAsync(response);
        Assert.Equal("Method not allowed", error);
    }

    private async Task<(HttpStatusCode Status, string Error, string Message)> PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _fixture.Execute.Client.PostAsync("/execute", content, Cancellation);
        var (error, message) = await ErrorShapeTests.ReadErrorAsync(response);
        Assert.Empty(_fixture.Execute.Model.Requests);
        return (response.StatusCode, error, message);
    }

    public sealed class Harness : IAsyncLifetime
    {
        public ExecuteHarness Execute { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Execute = await ExecuteHarness.StartAsync();

        public async ValueTask DisposeAsync() => await Execute.DisposeAsync();
    }
}
