namespace Sandcastle.Sessions.Tests.Http;

/// <summary>One server (and its data root) shared by a test class; tests use distinct sandbox ids.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const long MaxFileBytes = 4 * 1024 * 1024;

    public string DataRoot { get; } = Directory.CreateTempSubdirectory("sandcastle-sessions-").FullName;

    public SandboxServer Server { get; private set; } = null!;

    public HttpClient Client => Server.Client;

    public async ValueTask InitializeAsync() => Server = await SandboxServer.StartAsync(DataRoot, new Dictionary<string, string?> { ["SandboxApi:MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(DataRoot, recursive: true);
    }
}
