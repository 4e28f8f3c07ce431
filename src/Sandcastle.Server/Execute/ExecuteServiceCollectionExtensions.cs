using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Sandcastle.Server.Execute;

public static class ExecuteServiceCollectionExtensions
{
    /// <summary>
    /// Registers POST /execute's services. <see cref="ISandboxRunnerProvider"/> defaults to the local engine;
    /// register another to route sandboxes elsewhere.
    /// </summary>
    public static IServiceCollection AddSandcastleExecute(this IServiceCollection services)
    {
        services.AddOptions<ExecuteOptions>()
            .BindConfiguration(ExecuteOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<ISandboxRunnerProvider, EngineSandboxRunnerProvider>();
        services.TryAddSingleton<ExecuteRequestReader>();
        services.TryAddSingleton<ExecuteService>();
        return services;
    }
}
