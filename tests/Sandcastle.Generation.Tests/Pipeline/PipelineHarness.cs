using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sandcastle.Generation.Providers;
using Sandcastle.Testing;

namespace Sandcastle.Generation.Tests.Pipeline;

/// <summary>The real pipeline: Anthropic SDK against the fake server, programs in a real ephemeral sandbox.</summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    private readonly Sandbox.Sandbox _sandbox;
    private readonly AnthropicCodeModel _model;

    private PipelineHarness(FakeAnthropicServer server, Sandbox.Sandbox sandbox)
    {
        Server = server;
        _sandbox = sandbox;
        var options = Options.Create(TestOptions.For(server));
        _model = new AnthropicCodeModel(options, NullLogger<AnthropicCodeModel>.Instance);
        Pipeline = new CodeExecutionPipeline(_model, new SandboxCodeRunner(sandbox), options, NullLogger<CodeExecutionPipeline>.Instance);
    }

    public FakeAnthropicServer Server { get; }

    public CodeExecutionPipeline Pipeline { get; }

    public static async Task<PipelineHarness> StartAsync(SandboxFixture fixture, CancellationToken cancellationToken) =>
        new(await FakeAnthropicServer.StartAsync(cancellationToken), fixture.Engine.CreateEphemeral());

    public async Task<List<PipelineEvent>> CollectAsync(ExecutionRequest request, CancellationToken cancellationToken)
    {
        var events = new List<PipelineEvent>();
        await foreach (var item in Pipeline.RunAsync(request, cancellationToken))
            events.Add(item);
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        _model.Dispose();
        await _sandbox.DisposeAsync();
        await Server.DisposeAsync();
    }
}
