using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sandcastle.Generation.Models;
using Sandcastle.Generation.Providers;
using Sandcastle.Sandbox;

namespace Sandcastle.Generation.Tests;

public sealed class GenerationServiceCollectionExtensionsTests
{
    [Fact]
    public void AddSandcastleGeneration_BindsTheGenerationSection()
    {
        using var provider = Build(new()
        {
            ["Generation:ApiKey"] = "from-section",
            ["Generation:Model"] = "claude-configured",
            ["Generation:MaxTokens"] = "4096",
            ["Generation:MaxAttempts"] = "3",
            ["Generation:BaseUrl"] = "http://127.0.0.1:9",
        });

        var options = provider.GetRequiredService<IOptions<GenerationOptions>>().Value;

        Assert.Equal(("from-section", "claude-configured", 4096, 3, "http://127.0.0.1:9"),
            (options.ApiKey, options.Model, options.MaxTokens, options.MaxAttempts, options.BaseUrl));
        Assert.IsType<AnthropicCodeModel>(provider.GetRequiredService<ICodeModel>());
        Assert.NotNull(provider.GetRequiredService<CodeExecutionPipeline>());
    }

    [Fact]
    public void AddSandcastleGeneration_FallsBackToTheStandardAnthropicVariables()
    {
        using var provider = Build(new() { ["ANTHROPIC_API_KEY"] = "from-variable", ["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:8" });

        var options = provider.GetRequiredService<IOptions<GenerationOptions>>().Value;

        Assert.Equal("from-variable", options.ApiKey);
        Assert.Equal("http://127.0.0.1:8", options.BaseUrl);
        Assert.Equal("claude-sonnet-5-5", options.Model);
        Assert.Equal(2048, options.MaxTokens);
        Assert.Equal(2, options.MaxAttempts);
    }

    [Fact]
    public void AddSandcastleGeneration_RejectsInvalidSettings()
    {
        using var provider = Build(new() { ["Generation:MaxAttempts"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GenerationOptions>>().Value);

        Assert.Contains("MaxAttempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RetryDelay_DoublesUpToTheMaximum()
    {
        var options = new GenerationOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(100), RetryMaxDelay = TimeSpan.FromMilliseconds(350) };

        Assert.Equal([100, 200, 350, 350], new[] { 1, 2, 3, 4 }.Select(n => options.RetryDelay(n).TotalMilliseconds));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton<ICodeRunner, UnusedRunner>();
        services.AddSandcastleGeneration();
        return services.BuildServiceProvider();
    }

    private sealed class UnusedRunner : ICodeRunner
    {
        public IAsyncEnumerable<ExecEvent> RunAsync(SandboxLanguage language, string code, TimeSpan timeout, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
