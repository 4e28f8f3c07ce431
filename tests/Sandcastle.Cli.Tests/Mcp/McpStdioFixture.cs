using ModelContextProtocol.Client;
using Sandcastle.Cli.Tests.Infrastructure;

namespace Sandcastle.Cli.Tests.Mcp;

/// <summary>The real <c>sandcastle mcp</c> process, launched by the official MCP client's stdio transport as an agent would.</summary>
public sealed class McpStdioFixture : IAsyncLifetime
{
    private readonly CliHome _home = new();

    public McpClient Client { get; private set; } = null!;

    public List<string> StandardError { get; } = [];

    public async ValueTask InitializeAsync()
    {
        var environment = _home.EffectiveEnvironment();
        Client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "sandcastle",
            Command = "dotnet",
            Arguments = [CliProgram.DllPath, "mcp"],
            WorkingDirectory = _home.WorkingDirectory,
            InheritEnvironmentVariables = false,
            EnvironmentVariables = environment.ToDictionary(p => p.Key, p => p.Value),
            StandardErrorLines = line => { lock (StandardError) StandardError.Add(line); },
        }), cancellationToken: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        _home.Dispose();
    }
}
