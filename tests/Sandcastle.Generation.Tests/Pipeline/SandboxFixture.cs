using Microsoft.Extensions.Options;
using Sandcastle.Sandbox;

namespace Sandcastle.Generation.Tests.Pipeline;

/// <summary>A real sandbox engine over a throw-away data root, shared by a test class.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private readonly string _dataRoot = Directory.CreateTempSubdirectory("sandcastle-generation-tests-").FullName;

    public SandboxFixture() =>
        Engine = new SandboxEngine(Options.Create(new SandboxOptions { DataRoot = _dataRoot }));

    public SandboxEngine Engine { get; }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        Directory.Delete(_dataRoot, recursive: true);
    }
}
