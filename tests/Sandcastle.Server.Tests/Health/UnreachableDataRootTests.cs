using System.Net;
using System.Text.Json;
using Sandcastle.Server.Tests.Infrastructure;

namespace Sandcastle.Server.Tests.Health;

/// <summary>
/// A data root under a directory the sandbox user cannot pass (as root's 0700 home): /health says so and /execute
/// answers 503 at once, without paying for a model call whose code could never run.
/// </summary>
public sealed class UnreachableDataRootTests : IAsyncLifetime
{
    private readonly DirectoryInfo _locked = Directory.CreateTempSubdirectory("sandcastle-locked-");
    private ExecuteHarness _harness = null!;

    public async ValueTask InitializeAsync()
    {
        File.SetUnixFileMode(_locked.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _harness = await ExecuteHarness.StartAsync(new Dictionary<string, string?> { ["Sandbox:DataRoot"] = Path.Combine(_locked.FullName, "data") });
    }

    [Fact]
    public async Task Health_IsUnhealthy_NamingTheDirectory()
    {
        using var response = await _harness.Client.GetAsync("/health", TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unhealthy", body.RootElement.GetProperty("status").GetString());
        Assert.Contains(_locked.FullName, body.RootElement.GetProperty("sandbox").GetProperty("problem").GetString());
    }

    [Fact]
    public async Task Execute_Answers503_WithoutCallingTheModel()
    {
        _harness.Model.EnqueueText("```python\nprint(1)\n```");

        var (response, body) = await _harness.PostAsync(new { question = "print one" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Sandbox unavailable", body.GetProperty("error").GetString());
        Assert.Contains(_locked.FullName, body.GetProperty("message").GetString());
        Assert.Empty(_harness.Model.Requests);
    }

    public async ValueTask DisposeAsync()
    {
        await _harness.DisposeAsync();
        _locked.Delete(recursive: true);
    }
}
