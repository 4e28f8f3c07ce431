using Sandcastle.Testing;
using Microsoft.Extensions.Options;
using Sandcastle.Sandbox.Network;

namespace Sandcastle.Sandbox.Tests.Network;

/// <summary>
/// A real engine whose egress proxy resolves only test names, all to the host's loopback: <c>pkgs.test</c> (opened
/// by the operator's private targets at the loopback server's port), <c>rebind.test</c> and <c>other.test</c>
/// (not opened). No public name is ever resolved or contacted.
/// </summary>
public abstract class NetworkEngineFixture : IAsyncLifetime
{
    protected NetworkEngineFixture(bool forkServer)
    {
        DataRoot = Directory.CreateTempSubdirectory("sandcastle-net-tests-").FullName;
        Engine = new SandboxEngine(
            Options.Create(new SandboxOptions { DataRoot = DataRoot, ForkServer = forkServer }),
            network: Options.Create(new NetworkOptions { PrivateTargets = [$"pkgs.test:{Server.Port}"] }),
            resolver: new LoopbackTestResolver());
        ForkServer = forkServer;
    }

    public LoopbackHttpServer Server { get; } = new();

    public string DataRoot { get; }

    public SandboxEngine Engine { get; }

    public bool ForkServer { get; }

    public async ValueTask InitializeAsync()
    {
        if (ForkServer)
        {
            await Engine.WarmUpAsync(TestContext.Current.CancellationToken);
            Assert.True(Engine.ForkServerReady);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Server.DisposeAsync();
        Directory.Delete(DataRoot, recursive: true);
        GC.SuppressFinalize(this);
    }
}

public sealed class ForkingNetworkEngineFixture() : NetworkEngineFixture(forkServer: true);

public sealed class LaunchingNetworkEngineFixture() : NetworkEngineFixture(forkServer: false);
