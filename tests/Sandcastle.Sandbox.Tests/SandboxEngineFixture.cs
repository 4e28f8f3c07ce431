using Microsoft.Extensions.Options;

namespace Sandcastle.Sandbox.Tests;

/// <summary>
/// A real engine over a throw-away data root, shared by a test class. With the fork server on (the default), the
/// first executions take a launcher each and the later ones are forked, as in production.
/// </summary>
public class SandboxEngineFixture : IAsyncLifetime
{
    public SandboxEngineFixture()
        : this(forkServer: true)
    {
    }

    protected SandboxEngineFixture(bool forkServer)
        : this(options => options.ForkServer = forkServer)
    {
    }

    protected SandboxEngineFixture(Action<SandboxOptions> configure)
    {
        DataRoot = Directory.CreateTempSubdirectory("sandcastle-tests-").FullName;
        var options = new SandboxOptions { DataRoot = DataRoot, DiskQuotaPollInterval = TimeSpan.FromMilliseconds(100) };
        configure(options);
        Engine = new SandboxEngine(Options.Create(options));
    }

    /// <summary>An engine of a test's own, with these options changed (its data root is the fixture's).</summary>
    public static SandboxEngineFixture With(Action<SandboxOptions> configure) => new(configure);

    public string DataRoot { get; }

    public SandboxEngine Engine { get; }

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        Directory.Delete(DataRoot, recursive: true);
        GC.SuppressFinalize(this);
    }
}

/// <summary>An engine whose fork server is up before the first test: every execution that can be forked is.</summary>
public sealed class ForkingEngineFixture() : SandboxEngineFixture(forkServer: true)
{
    public override async ValueTask InitializeAsync()
    {
        await Engine.WarmUpAsync(TestContext.Current.CancellationToken);
        Assert.True(Engine.ForkServerReady);
    }
}

/// <summary>
/// A forking engine whose warm Nodes all start from plain spares (pid 1 a fork of the fork server's Python), as
/// before native warm Nodes and where the engine has no native spares.
/// </summary>
public sealed class PythonWarmNodeEngineFixture() : SandboxEngineFixture(options => options.NativeWarmNode = false)
{
    public override async ValueTask InitializeAsync()
    {
        await Engine.WarmUpAsync(TestContext.Current.CancellationToken);
        Assert.True(Engine.ForkServerReady);
    }
}

/// <summary>An engine without a fork server: every execution starts its own launcher chain.</summary>
public sealed class LaunchingEngineFixture() : SandboxEngineFixture(forkServer: false);
