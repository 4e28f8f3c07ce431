using System.Net.Http.Json;

namespace Sandcastle.Server.Tests.Infrastructure;

/// <summary>
/// A real server per test with two tenants' API keys, and a client for each (<see cref="Alice"/>, <see cref="Bob"/>):
/// the set-up of the tests that check what one tenant sees of, or does to, the other.
/// </summary>
public abstract class TwoTenantServerTests : IAsyncLifetime
{
    protected ExecuteHarness Harness { get; private set; } = null!;

    protected HttpClient Alice { get; private set; } = null!;

    protected HttpClient Bob { get; private set; } = null!;

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Harness = await ExecuteHarness.StartAsync(new Dictionary<string, string?> { ["SANDCASTLE_API_KEYS"] = "key-alice,key-bob" });
        Alice = Client("key-alice");
        Bob = Client("key-bob");
    }

    public async ValueTask DisposeAsync()
    {
        Alice.Dispose();
        Bob.Dispose();
        await Harness.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Creates a sandbox of the client's tenant (PUT), asserting it was made.</summary>
    protected static async Task CreateSandboxAsync(HttpClient client, string id)
    {
        using var response = await client.PutAsJsonAsync($"/v1/sandboxes/{id}", new { }, Cancellation);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Cancellation));
    }

    private HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = Harness.Server.Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }
}
