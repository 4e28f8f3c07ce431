using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sandcastle.Generation.Models;
using Sandcastle.Generation.Providers;

namespace Sandcastle.Generation;

public static class GenerationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GenerationOptions"/>, the Anthropic <see cref="ICodeModel"/> (unless one is already
    /// registered) and <see cref="CodeExecutionPipeline"/>. The host registers the <see cref="ICodeRunner"/>.
    /// </summary>
    public static IServiceCollection AddSandcastleGeneration(this IServiceCollection services)
    {
        services.AddOptions<GenerationOptions>()
            .BindConfiguration(GenerationOptions.SectionName)
            .PostConfigure<IConfiguration>(ApplyStandardVariables)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<ICodeModel, AnthropicCodeModel>();
        services.TryAddSingleton<CodeExecutionPipeline>();
        return services;
    }

    // The Anthropic tools' own variable names work too, so an existing setup needs nothing new.
    private static void ApplyStandardVariables(GenerationOptions options, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
            options.ApiKey = NonEmpty(configuration["ANTHROPIC_API_KEY"]) ?? NonEmpty(Environment.GetEnvironmentVariable("ANTHROPIC_API_KEY"));
        if (string.IsNullOrWhiteSpace(options.BaseUrl))
            options.BaseUrl = NonEmpty(configuration["ANTHROPIC_BASE_URL"]) ?? NonEmpty(Environment.GetEnvironmentVariable("ANTHROPIC_BASE_URL"));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
