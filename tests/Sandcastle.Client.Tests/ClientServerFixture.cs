using Sandcastle.Testing;

namespace Sandcastle.Client.Tests;

/// <summary>
/// The real server (Kestrel on a loopback port, embedded silo, real sandboxes) with API keys on, and a fake
/// Messages API for /execute; shared by a test class whose tests use distinct sandbox ids.
/// </summary>
public sealed class ClientServerFixture : IAsyncLifetime
{
    public const string ApiKey = "client-tests-key";

    private readonly DirectoryInfo _dataRoot = Directory.CreateTempSubdirectory("sandcastle-client-tests-");

    public SandcastleTestServer Server { get; private set; } = null!;

    public FakeAnthropicServer Model { get; private set; } = null!;

    public SandcastleClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Model = await FakeAnthropicServer.StartAsync();
        Server = await SandcastleTestServer.StartAsync(_dataRoot.FullName, new Dictionary<string, string?>
        {
            ["SANDCASTLE_API_KEYS"] = ApiKey,
            ["Generation:ApiKey"] = "sk-ant-fake",
            ["Generation:BaseUrl"] = Model.BaseUrl,
            ["Generation:RetryBaseDelay"] = "00:00:00.010",
            ["Generation:RetryMaxDelay"] = "00:00:00.050",
        });
        Client = new SandcastleClient(Server.Address.ToString(), ApiKey);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await Model.DisposeAsync();
        _dataRoot.Delete(recursive: true);
    }
}
