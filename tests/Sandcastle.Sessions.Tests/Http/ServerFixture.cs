namespace Sandcastle.Sessions.Tests.Http;

/// <summary>One server (and its data root) shared by a test class; tests use distinct sandbox ids.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public string DataRoot { get; } = Directory.CreateTempSubdirectory("sandcastle-sessions-").FullName;

    public SandboxServer Server { get; private set; } = null!;

    public HttpClient Client => Server.Client;

    public async ValueTask InitializeAsync() => Server = await SandboxServer.StartAsync(DataRoot);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(DataRoot, recursive: true);
    }
}
