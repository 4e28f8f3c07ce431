using Microsoft.Extensions.Options;

namespace Sandcastle.Sandbox.Tests;

/// <summary>A real engine over a throw-away data root, shared by a test class.</summary>
public sealed class SandboxEngineFixture : IAsyncLifetime
{
    public SandboxEngineFixture()
    {
        DataRoot = Directory.CreateTempSubdirectory("sandcastle-tests-").FullName;
        Engine = new SandboxEngine(Options.Create(new SandboxOptions
        {
            DataRoot = DataRoot,
            DiskQuotaPollInterval = TimeSpan.FromMilliseconds(100),
        }));
    }

    public string DataRoot { get; }

    public SandboxEngine Engine { get; }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        Directory.Delete(DataRoot, recursive: true);
    }
}
